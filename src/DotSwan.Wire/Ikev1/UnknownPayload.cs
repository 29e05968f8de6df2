namespace DotSwan.Wire.Ikev1;

/// <summary>
/// A payload of a type this codec does not model. IKEv1 has no critical bit, so such payloads are kept
/// (type and raw body) and skipped; the engine decides whether it cares.
/// </summary>
/// <param name="Type">The payload type number received.</param>
/// <param name="Body">The bytes after the generic header.</param>
public sealed record UnknownPayload(IsakmpPayloadType Type, ReadOnlyMemory<byte> Body) : IsakmpPayload
{
    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType => Type;

    internal override int BodyLength => Body.Length;

    internal override void WriteBody(ref WireWriter writer) => writer.WriteBytes(Body.Span);

    /// <summary>Compares the type and the body bytes.</summary>
    public bool Equals(UnknownPayload? other) =>
        other is not null && other.Type == Type && other.Body.Span.SequenceEqual(Body.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Body.Length);
}
