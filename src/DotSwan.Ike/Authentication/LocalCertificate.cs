using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto.Signatures;
using DotSwan.Ike.Identities;

namespace DotSwan.Ike.Authentication;

/// <summary>
/// Our certificate, the private key that belongs to it and the intermediate CA certificates we send with it
/// (RFC 7296 §3.6: the end-entity certificate first, then the rest of the chain). The object does not own the key.
/// </summary>
public sealed class LocalCertificate
{
    private static readonly byte[] ProbeMessage = "DotSwan: does this key belong to the certificate?"u8.ToArray();

    private LocalCertificate(X509Certificate2 certificate, SigningKey key, IReadOnlyList<X509Certificate2> intermediates, bool preferRsaPss)
    {
        Certificate = certificate;
        Key = key;
        Intermediates = intermediates;
        PreferRsaPss = preferRsaPss;
    }

    /// <summary>Our end-entity certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Its private key.</summary>
    public SigningKey Key { get; }

    /// <summary>Intermediate CA certificates, sent after ours in further CERT payloads.</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    /// <summary>Whether an RSA key signs with RSASSA-PSS rather than PKCS#1 v1.5 under AUTH method 14 (strongSwan's <c>rsa/pss</c>).</summary>
    public bool PreferRsaPss { get; }

    /// <summary>
    /// Pairs <paramref name="certificate"/> with <paramref name="key"/>; fails, saying why, when the key does not belong
    /// to the certificate (checked by signing a probe with the key and verifying it with the certificate's public key).
    /// <paramref name="preferRsaPss"/> sets <see cref="PreferRsaPss"/>.
    /// </summary>
    public static bool TryCreate(X509Certificate2 certificate, SigningKey key, IEnumerable<X509Certificate2>? intermediates,
        [NotNullWhen(true)] out LocalCertificate? local, out string reason, bool preferRsaPss = false)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(key);
        local = null;
        var probeScheme = key.KeyType switch
        {
            SignatureKeyType.Rsa => SignatureScheme.RsaPkcs1Sha256,
            SignatureKeyType.Ecdsa => SignatureScheme.EcdsaSha256Der,
            _ => SignatureScheme.Ed25519,
        };
        if (!VerificationKey.TryFromCertificate(certificate, out var publicKey, out var error))
        {
            reason = $"certificate '{certificate.Subject}': {error.Detail}";
            return false;
        }

        using (publicKey)
        {
            if (!key.TryCreateSigner(probeScheme, out var signer, out error)
                || !publicKey.TryCreateVerifier(probeScheme, out var verifier, out error)
                || !verifier.Verify(ProbeMessage, signer.Sign(ProbeMessage), out error))
            {
                reason = $"the private key ({key}) does not belong to certificate '{certificate.Subject}' ({publicKey}): {error.Detail}";
                return false;
            }
        }

        local = new LocalCertificate(certificate, key, [.. intermediates ?? []], preferRsaPss);
        reason = "";
        return true;
    }

    /// <summary>The subject in strongSwan's order (C=…, O=…, CN=…) and the key type, never key material.</summary>
    public override string ToString() =>
        $"'{(DistinguishedName.TryDecode(Certificate.SubjectName.RawData, out var subject, out _) ? subject!.ToString() : Certificate.Subject)}' ({Key})";
}
