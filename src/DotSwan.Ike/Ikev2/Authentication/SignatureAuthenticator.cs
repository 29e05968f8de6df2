using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto.Certificates;
using DotSwan.Crypto.Signatures;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Identities;
using DotSwan.Wire.Ikev2;
using CryptoAuthMethod = DotSwan.Crypto.Signatures.AuthMethod;
using WireAuthMethod = DotSwan.Wire.Ikev2.AuthMethod;

namespace DotSwan.Ike.Ikev2.Authentication;

/// <summary>
/// Certificate authentication of one IKE SA: signs our AUTH with the key of <see cref="LocalCertificate"/> (AUTH method 14,
/// RFC 7427, when the peer announced a usable hash; otherwise method 1 for RSA or 9–11 for ECDSA) and verifies the peer's
/// AUTH against its CERT payloads, which must chain to a CA of <see cref="CertificateTrust"/> at the current time, be
/// unrevoked and vouch for the peer's ID. Every failure reason names what a person has to fix.
/// </summary>
internal sealed class SignatureAuthenticator(LocalCertificate? local, CertificateTrust? trust)
{
    private static readonly SignatureHashAlgorithm[] RsaHashes = [SignatureHashAlgorithm.Sha256, SignatureHashAlgorithm.Sha384, SignatureHashAlgorithm.Sha512];

    /// <summary>Our certificate and the intermediates, each as a CERT payload (X.509 signature encoding), end entity first.</summary>
    public IEnumerable<CertificatePayload> CertificatePayloads() =>
        local is null ? [] : new[] { local.Certificate }.Concat(local.Intermediates)
            .Select(c => new CertificatePayload(CertificateEncoding.X509CertificateSignature, c.RawData));

    public bool TryCreate(IReadOnlySet<SignatureHashAlgorithm>? peerHashes, AuthOctetsInput input, IdentificationPayload ourId,
        out AuthenticationPayload? auth, out string reason)
    {
        auth = null;
        if (local is null)
        {
            reason = "this side authenticates with a certificate (pubkey) but no certificate and private key are configured";
            return false;
        }

        if (!TryChoose(local.Key, local.PreferRsaPss, peerHashes, out var method, out var scheme, out reason)
            || !AuthOctets.TryBuild(input, ourId, out var octets, out reason))
        {
            return false;
        }

        if (!AuthSignature.TryCreate((CryptoAuthMethod)method, scheme, local.Key, octets, out var data, out var error))
        {
            reason = $"signing AUTH ({method}, {scheme}) with {local}: {error.Detail}";
            return false;
        }

        auth = new AuthenticationPayload(method, data);
        return true;
    }

    /// <summary>
    /// The AUTH method and scheme for <paramref name="key"/>: method 14 with the first hash the peer announced that fits
    /// the key (RFC 7427 §4), else the classic method of the key (RSA: 1 with SHA-1; ECDSA: 9, 10 or 11 by curve).
    /// <paramref name="peerHashes"/> is null when the peer sent no SIGNATURE_HASH_ALGORITHMS.
    /// </summary>
    public static bool TryChoose(SigningKey key, bool preferRsaPss, IReadOnlySet<SignatureHashAlgorithm>? peerHashes,
        out WireAuthMethod method, out SignatureScheme scheme, out string reason)
    {
        ArgumentNullException.ThrowIfNull(key);
        reason = "";
        method = WireAuthMethod.DigitalSignature;
        scheme = default;
        switch (key.KeyType)
        {
            case SignatureKeyType.Rsa:
                foreach (var hash in RsaHashes.Where(h => peerHashes?.Contains(h) == true))
                {
                    scheme = (hash, preferRsaPss) switch
                    {
                        (SignatureHashAlgorithm.Sha256, true) => SignatureScheme.RsaPssSha256,
                        (SignatureHashAlgorithm.Sha384, true) => SignatureScheme.RsaPssSha384,
                        (SignatureHashAlgorithm.Sha512, true) => SignatureScheme.RsaPssSha512,
                        (SignatureHashAlgorithm.Sha256, false) => SignatureScheme.RsaPkcs1Sha256,
                        (SignatureHashAlgorithm.Sha384, false) => SignatureScheme.RsaPkcs1Sha384,
                        _ => SignatureScheme.RsaPkcs1Sha512,
                    };
                    return true;
                }

                (method, scheme) = (WireAuthMethod.RsaDigitalSignature, SignatureScheme.RsaPkcs1Sha1);
                return true;
            case SignatureKeyType.Ecdsa:
                var curveHash = key.KeySize switch { 256 => SignatureHashAlgorithm.Sha256, 384 => SignatureHashAlgorithm.Sha384, _ => SignatureHashAlgorithm.Sha512 };
                foreach (var hash in RsaHashes.OrderBy(h => h == curveHash ? 0 : 1).Where(h => peerHashes?.Contains(h) == true))
                {
                    scheme = hash switch
                    {
                        SignatureHashAlgorithm.Sha256 => SignatureScheme.EcdsaSha256Der,
                        SignatureHashAlgorithm.Sha384 => SignatureScheme.EcdsaSha384Der,
                        _ => SignatureScheme.EcdsaSha512Der,
                    };
                    return true;
                }

                (method, scheme) = key.KeySize switch
                {
                    256 => (WireAuthMethod.EcdsaSha256P256, SignatureScheme.EcdsaP256Sha256),
                    384 => (WireAuthMethod.EcdsaSha384P384, SignatureScheme.EcdsaP384Sha384),
                    521 => (WireAuthMethod.EcdsaSha512P521, SignatureScheme.EcdsaP521Sha512),
                    _ => (WireAuthMethod.None, default),
                };
                if (method != WireAuthMethod.None) { return true; }
                reason = $"the peer does not support RFC 7427 signatures (no SIGNATURE_HASH_ALGORITHMS) and a {key.KeySize}-bit ECDSA key has no RFC 4754 AUTH method";
                return false;
            default:
                if (peerHashes?.Contains(SignatureHashAlgorithm.Identity) == true)
                {
                    scheme = SignatureScheme.Ed25519;
                    return true;
                }

                reason = "an Ed25519 key needs a peer that announced the Identity hash (RFC 8420) in SIGNATURE_HASH_ALGORITHMS";
                return false;
        }
    }

    /// <summary>
    /// Verifies the peer: its first X.509 CERT payload (further ones are intermediates) must validate against the trusted
    /// CAs at <paramref name="now"/>, vouch for <paramref name="peerId"/>, and its key must verify the AUTH signature.
    /// </summary>
    public bool TryVerify(AuthOctetsInput input, IReadOnlyList<Ikev2Payload> inner, IdentificationPayload peerIdPayload, IkeIdentity peerId,
        AuthenticationPayload auth, DateTimeOffset now, string peer, out string reason)
    {
        if (!AuthSignature.TryGetFixedScheme((CryptoAuthMethod)auth.Method, out _) && auth.Method != WireAuthMethod.DigitalSignature)
        {
            reason = $"peer {peer} authenticates with AUTH method {auth.Method}; this connection expects a certificate signature (pubkey)";
            return false;
        }

        if (trust is null)
        {
            reason = $"peer {peer} must authenticate with a certificate, but no CA certificates are configured";
            return false;
        }

        var certificates = inner.OfType<CertificatePayload>().Where(c => c.Encoding == CertificateEncoding.X509CertificateSignature)
            .Select(c => c.Data).ToList();
        if (!PeerCertificate.TryVerify(trust, certificates, peerId, now, peer, out var certificate, out _, out reason)) { return false; }
        try
        {
            using (certificate)
            {
                return TryVerifySignature(input, certificate, peerIdPayload, auth, peer, out reason);
            }
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            // Last guard for peer input: X509Certificate2 reads some fields lazily, and a receive path must not throw.
            reason = $"a certificate of peer {peer} is malformed: {e.Message}";
            return false;
        }
    }

    private static bool TryVerifySignature(AuthOctetsInput input, PeerCertificate certificate, IdentificationPayload peerIdPayload,
        AuthenticationPayload auth, string peer, out string reason)
    {
        var key = certificate.Key;
        var endEntity = certificate.EndEntity;
        if (!AuthOctets.TryBuild(input, peerIdPayload, out var octets, out reason)) { return false; }
        if (!AuthSignature.TryVerify((CryptoAuthMethod)auth.Method, auth.Data.Span, octets, key, out var scheme, out var error))
        {
            reason = $"bad signature: the AUTH payload ({auth.Method}{(scheme == default ? "" : $", {scheme}")}) of peer {peer} does not verify "
                + $"with the key of its certificate '{endEntity.Subject}': {error.Detail}";
            return false;
        }

        if (auth.Method == WireAuthMethod.DigitalSignature && scheme.GetHashAlgorithm() is { } hash
            && !SignatureHashAlgorithmsNotify.Supported.Contains(hash))
        {
            reason = $"peer {peer} signed AUTH with {scheme}, whose hash {hash} we did not announce in SIGNATURE_HASH_ALGORITHMS (RFC 7427 §4)";
            return false;
        }

        reason = "";
        return true;
    }
}
