using System.Security.Cryptography;
using DotSwan.Crypto.Signatures;

namespace DotSwan.Crypto.Tests.Signatures;

public sealed class Ikev1SignatureTests
{
    [Theory]
    [InlineData(Ikev1AuthMethod.RsaSignatures, "rsa", 256)]
    [InlineData(Ikev1AuthMethod.EcdsaSha256P256, "p256", 64)]
    [InlineData(Ikev1AuthMethod.EcdsaSha384P384, "p384", 96)]
    [InlineData(Ikev1AuthMethod.EcdsaSha512P521, "p521", 132)]
    public void Sig_payloads_round_trip(Ikev1AuthMethod method, string keyName, int length)
    {
        using var key = keyName switch
        {
            "rsa" => SigningKey.FromRsa(RSA.Create(2048)),
            "p256" => SigningKey.FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP256)),
            "p384" => SigningKey.FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP384)),
            _ => SigningKey.FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP521)),
        };
        var hashI = RandomNumberGenerator.GetBytes(32);
        Assert.True(Ikev1Signature.TryCreate(method, key, hashI, out var signature, out var error), error.ToString());
        Assert.Equal(length, signature.Length);
        using var publicKey = key.GetPublicKey();
        Assert.True(Ikev1Signature.TryVerify(method, signature, hashI, publicKey, out error), error.ToString());
        hashI[0] ^= 1;
        Assert.False(Ikev1Signature.TryVerify(method, signature, hashI, publicKey, out error));
        Assert.Equal(CryptoErrorKind.InvalidSignature, error.Kind);
        Assert.False(Ikev1Signature.TryVerify(method, signature.AsSpan(0, length - 1), hashI, publicKey, out error));
        Assert.Equal(CryptoErrorKind.InvalidSignature, error.Kind);
    }

    [Theory]
    [InlineData(Ikev1AuthMethod.EcdsaSha256P256, 256, 32)]
    [InlineData(Ikev1AuthMethod.EcdsaSha384P384, 384, 48)]
    [InlineData(Ikev1AuthMethod.EcdsaSha512P521, 521, 64)]
    public void Ecdsa_signs_the_hash_it_is_given_without_hashing_it_again(Ikev1AuthMethod method, int curveBits, int hashLength)
    {
        // strongSwan's ECDSA_WITH_NULL: the HMAC-SHA-x HASH_I is the ECDSA input as is; a verifier that hashes again must fail.
        using var ecdsa = ECDsa.Create(curveBits switch { 256 => ECCurve.NamedCurves.nistP256, 384 => ECCurve.NamedCurves.nistP384, _ => ECCurve.NamedCurves.nistP521 });
        using var key = SigningKey.FromECDsa(ECDsa.Create(ecdsa.ExportParameters(true)));
        var hashI = RandomNumberGenerator.GetBytes(hashLength);
        Assert.True(Ikev1Signature.TryCreate(method, key, hashI, out var signature, out var error), error.ToString());
        Assert.True(ecdsa.VerifyHash(hashI, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.False(ecdsa.VerifyData(hashI, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        var independent = ecdsa.SignHash(hashI, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        using var publicKey = key.GetPublicKey();
        Assert.True(Ikev1Signature.TryVerify(method, independent, hashI, publicKey, out error), error.ToString());
    }

    [Fact]
    public void Dss_and_wrong_keys_are_Unsupported()
    {
        using var key = SigningKey.FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        Assert.False(Ikev1Signature.TryCreate(Ikev1AuthMethod.DssSignatures, key, new byte[20], out _, out var error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
        Assert.False(Ikev1Signature.TryCreate(Ikev1AuthMethod.RsaSignatures, key, new byte[20], out _, out error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
    }
}
