using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto.Signatures;

namespace DotSwan.Crypto.Tests.Certificates;

/// <summary>
/// The RSA key of a certificate, read through libcrypto's RSAPublicKey decoder (the fast path on Linux): the same
/// modulus and exponent the BCL reads, and it verifies what the private key signed and nothing else.
/// </summary>
public sealed class CertificateRsaKeyTests
{
    [Theory]
    [InlineData(2048)]
    [InlineData(3072)]
    public void Key_from_certificate_matches_and_verifies(int bits)
    {
        using var rsa = RSA.Create(bits);
        var request = new CertificateRequest("CN=rsa-key.lab.example", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);

        Assert.True(VerificationKey.TryFromCertificate(publicOnly, out var key, out var error), error.ToString());
        using (key)
        {
            Assert.Equal(SignatureKeyType.Rsa, key.KeyType);
            Assert.Equal(bits, key.KeySize);
            byte[] octets = RandomNumberGenerator.GetBytes(100);
            byte[] signature = rsa.SignData(octets, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            Assert.True(key.TryCreateVerifier(SignatureScheme.RsaPkcs1Sha256, out var verifier, out error), error.ToString());
            Assert.True(verifier.Verify(octets, signature, out error), error.ToString());
            signature[^1] ^= 1;
            Assert.False(verifier.Verify(octets, signature, out _));
        }
    }
}
