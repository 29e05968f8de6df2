using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto.Certificates;

namespace DotSwan.Crypto.Tests.Certificates;

/// <summary>
/// X509Certificate2 loads a certificate whose validity dates are garbage and throws only when NotAfter is read: the
/// decoder must refuse such a certificate (a peer sends it in a CERT payload), and the validator must not throw on one.
/// </summary>
public sealed class DamagedCertificateTests
{
    [Fact]
    public void A_certificate_with_a_garbage_validity_date_is_refused_by_the_decoder_and_the_validator()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=damaged", key, HashAlgorithmName.SHA256);
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var good = request.CreateSelfSigned(now, now.AddYears(1));
        byte[] der = good.RawData;
        // The notAfter UTCTime "270101000000Z": make its month "0A".
        int at = IndexOf(der, "270101000000Z"u8);
        Assert.True(at > 0);
        der[at + 2] = (byte)'0';
        der[at + 3] = (byte)'A';

        Assert.False(CertificateDecoder.TryDecode(der, out var decoded, out var error));
        Assert.Null(decoded);
        Assert.Equal(CryptoErrorKind.CertificateInvalid, error.Kind);

        // Loaded behind the decoder's back, the validator still answers with a reason instead of throwing.
        using var loaded = X509CertificateLoader.LoadCertificate(der);
        var validator = new CertificateValidator([good]);
        Assert.False(validator.TryValidate(loaded, [], now.AddDays(1), out _, out error));
        Assert.Equal(CryptoErrorKind.CertificateInvalid, error.Kind);
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
