namespace DotSwan.Wire.Ikev2;

/// <summary>Vendor ID payload (RFC 7296 section 3.12).</summary>
/// <param name="Data">Vendor ID bytes.</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record VendorIdPayload(ReadOnlyMemory<byte> Data, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType => Ikev2PayloadType.VendorId;

    internal override int BodyLength => Data.Length;

    internal override void WriteBody(ref WireWriter writer) => writer.WriteBytes(Data.Span);
}
