namespace DotSwan.Wire.Ikev1;

/// <summary>Certificate payload (RFC 2408 §3.9): encoding and certificate data.</summary>
/// <param name="Encoding">The certificate encoding.</param>
/// <param name="Data">The certificate (or CRL …) bytes.</param>
public sealed record CertificatePayload(Ikev1CertificateEncoding Encoding, ReadOnlyMemory<byte> Data) : IsakmpPayload
{
    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType => IsakmpPayloadType.Certificate;

    internal override int BodyLength => 1 + Data.Length;

    /// <summary>Compares the encoding and the data bytes.</summary>
    public bool Equals(CertificatePayload? other) =>
        other is not null && other.Encoding == Encoding && StructuralEquality.Bytes(Data, other.Data);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Encoding, Data.Length);

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteByte((byte)Encoding);
        writer.WriteBytes(Data.Span);
    }

    internal static bool TryDecodeBody(ReadOnlyMemory<byte> body, int offset, out IsakmpPayload? payload, out DecodeError error)
    {
        payload = null;
        if (body.IsEmpty)
        {
            error = new DecodeError((int)IsakmpPayloadType.Certificate, offset, DecodeErrorReason.BadLength, "CERT payload without its encoding byte");
            return false;
        }
        payload = new CertificatePayload((Ikev1CertificateEncoding)body.Span[0], body[1..]);
        error = default;
        return true;
    }
}
