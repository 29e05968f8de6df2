using DotSwan.Ike.Authentication;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Ikev2.Authentication;

/// <summary>
/// Builds our CERTREQ payload (RFC 7296 §3.7: X.509 signature encoding, the concatenated SHA-1 hashes of the trusted CAs'
/// SubjectPublicKeyInfo) and reads the peer's.
/// </summary>
internal static class CertificateRequestBuilder
{
    /// <summary>Length of one CA key hash in a CERTREQ.</summary>
    public const int HashLength = 20;

    /// <summary>A CERTREQ naming every CA of <paramref name="trust"/>.</summary>
    public static CertificateRequestPayload Build(CertificateTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var data = new byte[trust.AuthorityKeyHashes.Count * HashLength];
        for (int i = 0; i < trust.AuthorityKeyHashes.Count; i++)
        {
            trust.AuthorityKeyHashes[i].Span.CopyTo(data.AsSpan(i * HashLength));
        }

        return new CertificateRequestPayload(CertificateEncoding.X509CertificateSignature, data);
    }

    /// <summary>
    /// Whether <paramref name="payloads"/> hold a CERTREQ for X.509 certificates, and the CA key hashes it names (whole
    /// 20-byte hashes only; a trailing fragment is ignored). Never throws.
    /// </summary>
    public static bool TryRead(IEnumerable<Ikev2Payload> payloads, out IReadOnlyList<ReadOnlyMemory<byte>> authorityKeyHashes)
    {
        var hashes = new List<ReadOnlyMemory<byte>>();
        bool asked = false;
        foreach (var request in payloads.OfType<CertificateRequestPayload>())
        {
            if (request.Encoding != CertificateEncoding.X509CertificateSignature) { continue; }
            asked = true;
            var data = request.CertificationAuthority;
            for (int offset = 0; offset + HashLength <= data.Length; offset += HashLength)
            {
                hashes.Add(data.Slice(offset, HashLength));
            }
        }

        authorityKeyHashes = hashes;
        return asked;
    }
}
