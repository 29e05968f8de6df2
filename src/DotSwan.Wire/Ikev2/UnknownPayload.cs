namespace DotSwan.Wire.Ikev2;

/// <summary>A payload this codec does not decode, received without the Critical bit: kept opaque so it can be skipped or re-encoded.</summary>
/// <param name="Type">Its payload type number.</param>
/// <param name="Body">Its body (after the generic payload header).</param>
/// <param name="Critical">The Critical bit (false after decoding: a critical unknown payload is an error).</param>
public sealed record UnknownPayload(Ikev2PayloadType Type, ReadOnlyMemory<byte> Body, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType => Type;

    internal override int BodyLength => Body.Length;

    internal override void WriteBody(ref WireWriter writer) => writer.WriteBytes(Body.Span);
}
