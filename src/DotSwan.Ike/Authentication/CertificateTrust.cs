using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto.Certificates;

namespace DotSwan.Ike.Authentication;

/// <summary>
/// The CA certificates (and CRLs) a connection trusts for the peer's certificate. Also gives the CA key hashes our
/// CERTREQ payloads carry (RFC 7296 §3.7: SHA-1 of each CA's SubjectPublicKeyInfo).
/// </summary>
public sealed class CertificateTrust
{
    /// <summary>Trusts <paramref name="authorities"/>, checking revocation against <paramref name="crls"/> (see <see cref="CertificateValidator"/>).</summary>
    public CertificateTrust(IEnumerable<X509Certificate2> authorities, IEnumerable<CertificateRevocationList>? crls = null, bool requireCrl = false)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        Authorities = [.. authorities];
        RevocationLists = [.. crls ?? []];
        Validator = new CertificateValidator(Authorities, RevocationLists, requireCrl);
        AuthorityKeyHashes = [.. Authorities.Select(KeyHash)];
    }

    /// <summary>The trusted CA certificates.</summary>
    public IReadOnlyList<X509Certificate2> Authorities { get; }

    /// <summary>The configured CRLs.</summary>
    public IReadOnlyList<CertificateRevocationList> RevocationLists { get; }

    /// <summary>The validator over <see cref="Authorities"/> and <see cref="RevocationLists"/>.</summary>
    public CertificateValidator Validator { get; }

    /// <summary>SHA-1 of each CA's SubjectPublicKeyInfo, in the order of <see cref="Authorities"/>.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> AuthorityKeyHashes { get; }

    /// <summary>SHA-1 of the SubjectPublicKeyInfo of <paramref name="certificate"/>: how a CERTREQ names a CA.</summary>
    public static byte[] KeyHash(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
#pragma warning disable CA5350 // RFC 7296 §3.7 fixes SHA-1 as the CA identifier in CERTREQ; it is a name, not a security hash.
        return SHA1.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo());
#pragma warning restore CA5350
    }
}
