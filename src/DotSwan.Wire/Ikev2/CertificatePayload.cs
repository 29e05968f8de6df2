namespace DotSwan.Wire.Ikev2;

/// <summary>Certificate payload (RFC 7296 section 3.6).</summary>
/// <param name="Encoding">Certificate encoding.</param>
/// <param name="Data">Certificate data (DER for X.509).</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record CertificatePayload(CertificateEncoding Encoding, ReadOnlyMemory<byte> Data, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType => Ikev2PayloadType.Certificate;

    internal override int BodyLength => 1 + Data.Length;

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteByte((byte)Encoding);
        writer.WriteBytes(Data.Span);
    }
}
