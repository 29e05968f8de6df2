namespace DotSwan.Wire.Ikev2;

/// <summary>Identification payload, IDi or IDr (RFC 7296 section 3.5).</summary>
/// <param name="IsInitiator">True for IDi (type 35), false for IDr (type 36).</param>
/// <param name="IdType">Type of the identification data.</param>
/// <param name="Data">Identification data.</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record IdentificationPayload(bool IsInitiator, IdType IdType, ReadOnlyMemory<byte> Data, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType =>
        IsInitiator ? Ikev2PayloadType.IdentificationInitiator : Ikev2PayloadType.IdentificationResponder;

    internal override int BodyLength => 4 + Data.Length;

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteByte((byte)IdType);
        writer.WriteZeros(3);
        writer.WriteBytes(Data.Span);
    }
}
