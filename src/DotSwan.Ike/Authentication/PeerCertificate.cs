using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto.Certificates;
using DotSwan.Crypto.Signatures;
using DotSwan.Ike.Identities;

namespace DotSwan.Ike.Authentication;

/// <summary>
/// The peer's certificate after the checks both IKE versions make before a signature is verified: the first X.509
/// certificate (further ones are intermediates) chains to a CA of <see cref="CertificateTrust"/> at the given time, is
/// unrevoked, vouches for the identity the peer claims, and has a key we can verify with. Owns the decoded
/// certificates and the key; dispose it once the signature is checked.
/// </summary>
public sealed class PeerCertificate : IDisposable
{
    private readonly List<X509Certificate2> _decoded;

    private PeerCertificate(List<X509Certificate2> decoded, ValidatedCertificate validated, VerificationKey key)
    {
        _decoded = decoded;
        Validated = validated;
        Key = key;
    }

    /// <summary>The peer's end-entity certificate.</summary>
    public X509Certificate2 EndEntity => _decoded[0];

    /// <summary>The validated path and the identities the certificate vouches for.</summary>
    public ValidatedCertificate Validated { get; }

    /// <summary>The certificate's public key.</summary>
    public VerificationKey Key { get; }

    /// <summary>
    /// Checks the DER certificates of the peer's CERT payloads (end entity first) against <paramref name="trust"/> at
    /// <paramref name="now"/> and the identity <paramref name="peerId"/> it claims. On failure <paramref name="reason"/>
    /// names the certificate and what a person has to fix; <paramref name="peer"/> names the peer in it. Never throws on
    /// peer input.
    /// </summary>
    public static bool TryVerify(CertificateTrust trust, IReadOnlyList<ReadOnlyMemory<byte>> certificates, IkeIdentity peerId, DateTimeOffset now,
        string peer, [NotNullWhen(true)] out PeerCertificate? result, out PeerCertificateError error, out string reason)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(peerId);
        result = null;
        if (certificates.Count == 0)
        {
            error = PeerCertificateError.NoCertificate;
            reason = $"peer {peer} sent no X.509 certificate (CERT payload) although we sent a CERTREQ; check its send_cert setting";
            return false;
        }

        var decoded = new List<X509Certificate2>(certificates.Count);
        try
        {
            foreach (var data in certificates)
            {
                if (!CertificateDecoder.TryDecode(data.Span, out var certificate, out var decodeError))
                {
                    error = PeerCertificateError.Malformed;
                    reason = $"a CERT payload of peer {peer} is not an X.509 certificate: {decodeError.Detail}";
                    return false;
                }

                decoded.Add(certificate);
            }

            var endEntity = decoded[0];
            if (!trust.Validator.TryValidate(endEntity, decoded.Skip(1), now, out var validated, out var validationError))
            {
                error = PeerCertificateError.NotAcceptable;
                reason = $"certificate of peer {peer} is not acceptable: {validationError.Detail}";
                return false;
            }

            if (!PeerIdentityMatcher.Matches(peerId, validated.Identity))
            {
                error = PeerCertificateError.IdentityMismatch;
                reason = $"ID mismatch: peer {peer} claims identity {peerId} ({peerId.Type}), which its certificate does not vouch for "
                    + $"({PeerIdentityMatcher.Describe(validated.Identity)})";
                return false;
            }

            if (!VerificationKey.TryFromCertificate(endEntity, out var key, out var keyError))
            {
                error = PeerCertificateError.UnsupportedKey;
                reason = $"certificate '{endEntity.Subject}' of peer {peer}: {keyError.Detail}";
                return false;
            }

            result = new PeerCertificate(decoded, validated, key);
            error = PeerCertificateError.None;
            reason = "";
            return true;
        }
        catch (CryptographicException e)
        {
            // Last guard for peer input: X509Certificate2 reads some fields lazily, and a receive path must not throw.
            error = PeerCertificateError.Malformed;
            reason = $"a certificate of peer {peer} is malformed: {e.Message}";
            return false;
        }
        finally
        {
            if (result is null)
            {
                foreach (var certificate in decoded) { certificate.Dispose(); }
            }
        }
    }

    /// <summary>Releases the key and the decoded certificates.</summary>
    public void Dispose()
    {
        Key.Dispose();
        foreach (var certificate in _decoded) { certificate.Dispose(); }
    }
}
