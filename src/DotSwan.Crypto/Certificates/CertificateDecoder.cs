using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DotSwan.Crypto.Certificates;

/// <summary>Loads X.509 certificates from DER (a CERT payload, a .der file) or PEM text through <see cref="X509CertificateLoader"/>.</summary>
public static class CertificateDecoder
{
    /// <summary>Decodes one certificate, DER or PEM; never throws on bad input.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, [NotNullWhen(true)] out X509Certificate2? certificate, out CryptoError error)
    {
        certificate = null;
        try
        {
            if (data.StartsWith("-----BEGIN"u8))
            {
                string pem = Encoding.ASCII.GetString(data);
                if (!PemEncoding.TryFind(pem, out var fields) || pem.AsSpan()[fields.Label] is not "CERTIFICATE")
                {
                    error = new CryptoError(CryptoErrorKind.CertificateInvalid, "no PEM CERTIFICATE block");
                    return false;
                }

                certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(pem[fields.Base64Data]));
            }
            else
            {
                certificate = X509CertificateLoader.LoadCertificate(data);
            }

            // X509Certificate2 parses some fields only when first read; read them now, so that a certificate that
            // decodes cannot throw later on validity, names or key (seen with a damaged validity date from a peer).
            _ = certificate.NotBefore;
            _ = certificate.NotAfter;
            _ = certificate.Subject;
            _ = certificate.Issuer;
            _ = certificate.SerialNumber;
            _ = certificate.PublicKey.Oid.Value;
            _ = certificate.Extensions.Count;
            error = default;
            return true;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            certificate?.Dispose();
            certificate = null;
            error = new CryptoError(CryptoErrorKind.CertificateInvalid, "not an X.509 certificate: " + e.Message);
            return false;
        }
    }
}
