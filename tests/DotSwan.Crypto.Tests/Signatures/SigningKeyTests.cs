using System.Security.Cryptography;
using DotSwan.Crypto.Signatures;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace DotSwan.Crypto.Tests.Signatures;

public sealed class SigningKeyTests
{
    private static readonly byte[] Data = "signed octets"u8.ToArray();

    public static TheoryData<string, SignatureKeyType, SignatureScheme> Pems()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var edInfo = PrivateKeyInfoFactory.CreatePrivateKeyInfo(generator.GenerateKeyPair().Private);
        string edPem = PemEncoding.WriteString("PRIVATE KEY", edInfo.GetDerEncoded());
        return new()
        {
            { rsa.ExportPkcs8PrivateKeyPem(), SignatureKeyType.Rsa, SignatureScheme.RsaPssSha256 },
            { rsa.ExportRSAPrivateKeyPem(), SignatureKeyType.Rsa, SignatureScheme.RsaPkcs1Sha256 },
            { ec.ExportPkcs8PrivateKeyPem(), SignatureKeyType.Ecdsa, SignatureScheme.EcdsaP384Sha384 },
            { "-----BEGIN EC PARAMETERS-----\nBgUrgQQAIg==\n-----END EC PARAMETERS-----\n" + ec.ExportECPrivateKeyPem(), SignatureKeyType.Ecdsa, SignatureScheme.EcdsaSha384Der },
            { edPem, SignatureKeyType.Ed25519, SignatureScheme.Ed25519 },
        };
    }

    [Theory]
    [MemberData(nameof(Pems))]
    public void Pem_keys_load_and_sign(string pem, SignatureKeyType type, SignatureScheme scheme)
    {
        Assert.True(SigningKey.TryImportPem(pem, out var key, out var error), error.ToString());
        using (key)
        {
            Assert.Equal(type, key.KeyType);
            Assert.True(key.TryCreateSigner(scheme, out var signer, out error), error.ToString());
            using var publicKey = key.GetPublicKey();
            Assert.True(publicKey.TryCreateVerifier(scheme, out var verifier, out _));
            Assert.True(verifier.Verify(Data, signer.Sign(Data), out error), error.ToString());
            Assert.DoesNotContain("PRIVATE", key.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Pems))]
    public void Der_keys_load(string pem, SignatureKeyType type, SignatureScheme scheme)
    {
        int start = pem.LastIndexOf("-----BEGIN", StringComparison.Ordinal);
        var fields = PemEncoding.Find(pem.AsSpan(start));
        var der = Convert.FromBase64String(pem.AsSpan(start)[fields.Base64Data].ToString());
        Assert.True(SigningKey.TryImportDer(der, out var key, out var error), error.ToString());
        using (key)
        {
            Assert.Equal(type, key.KeyType);
            Assert.True(key.TryCreateSigner(scheme, out _, out _));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")]
    public void Unusable_pem_gives_an_error(string pem)
    {
        Assert.False(SigningKey.TryImportPem(pem, out _, out var error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
    }

    [Fact]
    public void Garbage_der_gives_an_error()
    {
        Assert.False(SigningKey.TryImportDer([0x30, 0x03, 0x02, 0x01, 0x00], out _, out var error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
    }

    [Fact]
    public void Spki_import_covers_all_key_types()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.True(VerificationKey.TryImportSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo(), out var k1, out _));
        Assert.True(VerificationKey.TryImportSubjectPublicKeyInfo(ec.ExportSubjectPublicKeyInfo(), out var k2, out _));
        // RFC 8410 §10.1 example public key.
        Assert.True(VerificationKey.TryImportSubjectPublicKeyInfo(
            Convert.FromBase64String("MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE="), out var k3, out var error), error.ToString());
        Assert.Equal(SignatureKeyType.Rsa, k1.KeyType);
        Assert.Equal(SignatureKeyType.Ecdsa, k2.KeyType);
        Assert.Equal(SignatureKeyType.Ed25519, k3.KeyType);
        Assert.False(VerificationKey.TryImportSubjectPublicKeyInfo([1, 2, 3], out _, out error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
    }
}
