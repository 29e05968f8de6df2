using System.Numerics;
using System.Security.Cryptography;
using DotSwan.Crypto.Signatures;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace DotSwan.Crypto.Tests.Signatures;

public sealed class Ikev1RsaSignatureTests
{
    private static readonly Lazy<RSAParameters> KeyParameters = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportParameters(true);
    });

    private static SigningKey NewKey()
    {
        var rsa = RSA.Create();
        rsa.ImportParameters(KeyParameters.Value);
        return SigningKey.FromRsa(rsa);
    }

    [Theory]
    [InlineData(20)] // HASH_I with HMAC-SHA1
    [InlineData(32)]
    [InlineData(64)]
    public void Libcrypto_signature_is_type_1_padding_of_the_raw_hash(int hashLength)
    {
        var hash = RandomNumberGenerator.GetBytes(hashLength);
        using var key = NewKey();
        Assert.True(key.TryCreateSigner(SignatureScheme.Ikev1Rsa, out var signer, out var error), error.ToString());
        var signature = signer.Sign(hash);
        Assert.Equal(256, signature.Length);

        // Independent check: s^e mod n with BigInteger, then EM = 00 01 FF..FF 00 ‖ hash (no DigestInfo).
        var p = KeyParameters.Value;
        var n = new BigInteger(p.Modulus, isUnsigned: true, isBigEndian: true);
        var e = new BigInteger(p.Exponent, isUnsigned: true, isBigEndian: true);
        var m = BigInteger.ModPow(new BigInteger(signature, isUnsigned: true, isBigEndian: true), e, n);
        var em = new byte[256];
        m.TryWriteBytes(em.AsSpan(256 - m.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        Assert.Equal(0x00, em[0]);
        Assert.Equal(0x01, em[1]);
        int separator = 256 - hashLength - 1;
        Assert.All(em[2..separator], b => Assert.Equal(0xff, b));
        Assert.Equal(0x00, em[separator]);
        Assert.Equal(hash, em[(separator + 1)..]);
    }

    [Fact]
    public void Libcrypto_and_BouncyCastle_produce_identical_signatures()
    {
        var p = KeyParameters.Value;
        static BcBigInteger Big(byte[] bytes) => new(1, bytes);
        var bcKey = new RsaPrivateCrtKeyParameters(Big(p.Modulus!), Big(p.Exponent!), Big(p.D!), Big(p.P!), Big(p.Q!), Big(p.DP!), Big(p.DQ!), Big(p.InverseQ!));
        var engine = new Pkcs1Encoding(new RsaEngine());
        engine.Init(true, bcKey);

        using var key = NewKey();
        Assert.True(key.TryCreateSigner(SignatureScheme.Ikev1Rsa, out var signer, out _));
        for (int i = 0; i < 5; i++)
        {
            var hash = RandomNumberGenerator.GetBytes(20);
            var expected = engine.ProcessBlock(hash, 0, hash.Length);
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(signer.Sign(hash)));
        }
    }

    [Fact]
    public void Verifier_accepts_ours_and_rejects_tampering_and_DigestInfo_signatures()
    {
        var hash = RandomNumberGenerator.GetBytes(20);
        using var key = NewKey();
        Assert.True(key.TryCreateSigner(SignatureScheme.Ikev1Rsa, out var signer, out _));
        var signature = signer.Sign(hash);
        using var publicKey = key.GetPublicKey();
        Assert.True(publicKey.TryCreateVerifier(SignatureScheme.Ikev1Rsa, out var verifier, out _));
        Assert.True(verifier.Verify(hash, signature, out var error), error.ToString());

        var otherHash = (byte[])hash.Clone();
        otherHash[0] ^= 1;
        Assert.False(verifier.Verify(otherHash, signature, out error));
        Assert.Equal(CryptoErrorKind.InvalidSignature, error.Kind);

        Assert.False(verifier.Verify(hash, signature.AsSpan(1), out error));
        Assert.False(verifier.Verify(hash, [], out error));
        Assert.False(verifier.Verify(hash, new byte[256], out error));
        Assert.False(verifier.Verify(hash, Enumerable.Repeat((byte)0xff, 256).ToArray(), out error));
        Assert.Equal(CryptoErrorKind.InvalidSignature, error.Kind);

        // A BCL PKCS#1 signature wraps SHA-1(hash) in a DigestInfo: that is not what IKEv1 sends.
        Assert.True(key.TryCreateSigner(SignatureScheme.RsaPkcs1Sha1, out var bclSigner, out _));
        Assert.False(verifier.Verify(hash, bclSigner.Sign(hash), out _));
    }

    [Fact]
    public void Verifier_works_from_an_RSA_object_that_is_not_ours()
    {
        var hash = RandomNumberGenerator.GetBytes(32);
        using var key = NewKey();
        Assert.True(key.TryCreateSigner(SignatureScheme.Ikev1Rsa, out var signer, out _));
        var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = KeyParameters.Value.Modulus, Exponent = KeyParameters.Value.Exponent });
        using var publicKey = VerificationKey.FromRsa(rsa);
        Assert.True(publicKey.TryCreateVerifier(SignatureScheme.Ikev1Rsa, out var verifier, out _));
        Assert.True(verifier.Verify(hash, signer.Sign(hash), out _));
    }

    [Fact]
    public void Ikev1_rsa_is_refused_for_non_rsa_keys()
    {
        using var ec = SigningKey.FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        Assert.False(ec.TryCreateSigner(SignatureScheme.Ikev1Rsa, out _, out var error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
    }
}
