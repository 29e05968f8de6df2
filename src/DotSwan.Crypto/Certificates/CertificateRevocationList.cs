using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.X509;

namespace DotSwan.Crypto.Certificates;

/// <summary>
/// An X.509 v2 CRL (RFC 5280 §5), parsed by BouncyCastle because the BCL's <see cref="System.Security.Cryptography.X509Certificates.X509Chain"/>
/// on Linux cannot be handed CRL objects. Its signature and freshness are checked by <see cref="CertificateValidator"/>.
/// </summary>
public sealed class CertificateRevocationList
{
    private CertificateRevocationList(X509Crl crl)
    {
        Crl = crl;
    }

    /// <summary>The issuer, as text.</summary>
    public string Issuer => Crl.IssuerDN.ToString();

    /// <summary>When this CRL was issued.</summary>
    public DateTimeOffset ThisUpdate => new(Crl.ThisUpdate.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>When the next CRL is due; null when the CRL does not say.</summary>
    public DateTimeOffset? NextUpdate => Crl.NextUpdate is { } next ? new DateTimeOffset(next.ToUniversalTime(), TimeSpan.Zero) : null;

    internal X509Crl Crl { get; }

    /// <summary>Parses a CRL from DER or PEM ("X509 CRL"); never throws on bad input.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, [NotNullWhen(true)] out CertificateRevocationList? crl, out CryptoError error)
    {
        crl = null;
        try
        {
            var parsed = new X509CrlParser().ReadCrl(data.ToArray());
            if (parsed is null)
            {
                error = new CryptoError(CryptoErrorKind.CertificateInvalid, "no CRL found in the data");
                return false;
            }

            crl = new CertificateRevocationList(parsed);
            error = default;
            return true;
        }
#pragma warning disable CA1031 // BouncyCastle's parser throws assorted exception types on malformed input; all mean "not a CRL".
        catch (Exception e)
#pragma warning restore CA1031
        {
            error = new CryptoError(CryptoErrorKind.CertificateInvalid, "not an X.509 CRL: " + e.Message);
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"CRL of '{Issuer}' ({ThisUpdate:u})";
}
