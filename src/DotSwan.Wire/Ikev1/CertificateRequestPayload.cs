namespace DotSwan.Wire.Ikev1;

/// <summary>Certificate Request payload (RFC 2408 §3.10): certificate type and an optional certificate authority.</summary>
/// <param name="CertificateType">The requested certificate encoding.</param>
/// <param name="CertificateAuthority">The acceptable CA (a DER distinguished name for X.509), or empty for any.</param>
public sealed record CertificateRequestPayload(Ikev1CertificateEncoding CertificateType, ReadOnlyMemory<byte> CertificateAuthority) : IsakmpPayload
{
    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType => IsakmpPayloadType.CertificateRequest;

    internal override int BodyLength => 1 + CertificateAuthority.Length;

    /// <summary>Compares the type and the authority bytes.</summary>
    public bool Equals(CertificateRequestPayload? other) =>
        other is not null && other.CertificateType == CertificateType && StructuralEquality.Bytes(CertificateAuthority, other.CertificateAuthority);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CertificateType, CertificateAuthority.Length);

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteByte((byte)CertificateType);
        writer.WriteBytes(CertificateAuthority.Span);
    }

    internal static bool TryDecodeBody(ReadOnlyMemory<byte> body, int offset, out IsakmpPayload? payload, out DecodeError error)
    {
        payload = null;
        if (body.IsEmpty)
        {
            error = new DecodeError((int)IsakmpPayloadType.CertificateRequest, offset, DecodeErrorReason.BadLength, "CR payload without its certificate type");
            return false;
        }
        payload = new CertificateRequestPayload((Ikev1CertificateEncoding)body.Span[0], body[1..]);
        error = default;
        return true;
    }
}
