namespace DotSwan.Wire.Ikev2;

/// <summary>Certificate Request payload (RFC 7296 section 3.7).</summary>
/// <param name="Encoding">Requested certificate encoding.</param>
/// <param name="CertificationAuthority">Concatenated 20-byte SHA-1 hashes of trusted CAs' public keys (for X.509).</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record CertificateRequestPayload(CertificateEncoding Encoding, ReadOnlyMemory<byte> CertificationAuthority, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType => Ikev2PayloadType.CertificateRequest;

    internal override int BodyLength => 1 + CertificationAuthority.Length;

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteByte((byte)Encoding);
        writer.WriteBytes(CertificationAuthority.Span);
    }
}
