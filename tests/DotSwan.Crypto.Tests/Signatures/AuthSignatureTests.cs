using System.Security.Cryptography;
using CsCheck;
using DotSwan.Crypto.Signatures;

namespace DotSwan.Crypto.Tests.Signatures;

public sealed class AuthSignatureTests
{
    private static readonly Lazy<SigningKey> Rsa = new(() => SigningKey.FromRsa(RSA.Create(2048)));
    private static readonly Lazy<SigningKey> P256 = new(() => SigningKey.FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP256)));
    private static readonly Lazy<SigningKey> P384 = new(() => SigningKey.FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP384)));
    private static readonly Lazy<SigningKey> P521 = new(() => SigningKey.FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP521)));
    private static readonly Lazy<SigningKey> Ed = new(() => SigningKey.FromEd25519Seed(RandomNumberGenerator.GetBytes(32)));

    private static readonly byte[] Octets = RandomNumberGenerator.GetBytes(200);

    private static SigningKey Key(string name) => name switch
    {
        "rsa" => Rsa.Value,
        "p256" => P256.Value,
        "p384" => P384.Value,
        "p521" => P521.Value,
        _ => Ed.Value,
    };

    [Theory]
    [InlineData(AuthMethod.RsaDigitalSignature, SignatureScheme.RsaPkcs1Sha1, "rsa", 256)]
    [InlineData(AuthMethod.EcdsaSha256P256, SignatureScheme.EcdsaP256Sha256, "p256", 64)]
    [InlineData(AuthMethod.EcdsaSha384P384, SignatureScheme.EcdsaP384Sha384, "p384", 96)]
    [InlineData(AuthMethod.EcdsaSha512P521, SignatureScheme.EcdsaP521Sha512, "p521", 132)]
    public void Fixed_methods_round_trip_with_their_raw_signature_size(AuthMethod method, SignatureScheme scheme, string key, int length)
    {
        Assert.True(AuthSignature.TryCreate(method, scheme, Key(key), Octets, out var authData, out var error), error.ToString());
        Assert.Equal(length, authData.Length);
        using var publicKey = Key(key).GetPublicKey();
        Assert.True(AuthSignature.TryVerify(method, authData, Octets, publicKey, out var used, out error), error.ToString());
        Assert.Equal(scheme, used);
        var tampered = (byte[])Octets.Clone();
        tampered[7] ^= 1;
        Assert.False(AuthSignature.TryVerify(method, authData, tampered, publicKey, out _, out error));
        Assert.Equal(CryptoErrorKind.InvalidSignature, error.Kind);
    }

    [Theory]
    [InlineData(SignatureScheme.RsaPkcs1Sha256, "rsa")]
    [InlineData(SignatureScheme.RsaPkcs1Sha384, "rsa")]
    [InlineData(SignatureScheme.RsaPkcs1Sha512, "rsa")]
    [InlineData(SignatureScheme.RsaPssSha256, "rsa")]
    [InlineData(SignatureScheme.RsaPssSha384, "rsa")]
    [InlineData(SignatureScheme.RsaPssSha512, "rsa")]
    [InlineData(SignatureScheme.EcdsaSha256Der, "p256")]
    [InlineData(SignatureScheme.EcdsaSha384Der, "p384")]
    [InlineData(SignatureScheme.EcdsaSha512Der, "p521")]
    [InlineData(SignatureScheme.EcdsaSha512Der, "p256")]
    [InlineData(SignatureScheme.Ed25519, "ed")]
    public void Method_14_round_trips_and_carries_the_AlgorithmIdentifier(SignatureScheme scheme, string key)
    {
        Assert.True(AuthSignature.TryCreate(AuthMethod.DigitalSignature, scheme, Key(key), Octets, out var authData, out var error), error.ToString());
        var algorithm = SignatureAlgorithmIdentifiers.For(scheme);
        Assert.Equal(algorithm.Length, authData[0]);
        Assert.True(authData.AsSpan(1, algorithm.Length).SequenceEqual(algorithm));

        using var publicKey = Key(key).GetPublicKey();
        Assert.True(AuthSignature.TryVerify(AuthMethod.DigitalSignature, authData, Octets, publicKey, out var used, out error), error.ToString());
        Assert.Equal(scheme, used);

        var flipped = (byte[])authData.Clone();
        flipped[^1] ^= 0x80;
        Assert.False(AuthSignature.TryVerify(AuthMethod.DigitalSignature, flipped, Octets, publicKey, out _, out error));
        Assert.Equal(CryptoErrorKind.InvalidSignature, error.Kind);
    }

    [Fact]
    public void Ecdsa_in_method_14_is_DER_and_in_method_9_is_raw()
    {
        Assert.True(P256.Value.TryCreateSigner(SignatureScheme.EcdsaSha256Der, out var der, out _));
        Assert.True(P256.Value.TryCreateSigner(SignatureScheme.EcdsaP256Sha256, out var raw, out _));
        Assert.Equal(0x30, der.Sign(Octets)[0]);
        Assert.Equal(64, raw.Sign(Octets).Length);
    }

    [Theory]
    [InlineData(AuthMethod.RsaDigitalSignature, "rsa")]
    [InlineData(AuthMethod.EcdsaSha256P256, "p256")]
    [InlineData(AuthMethod.DigitalSignature, "ed")]
    [InlineData(AuthMethod.DigitalSignature, "p384")]
    public void Truncated_signatures_are_InvalidSignature(AuthMethod method, string key)
    {
        var scheme = method switch
        {
            AuthMethod.RsaDigitalSignature => SignatureScheme.RsaPkcs1Sha1,
            AuthMethod.EcdsaSha256P256 => SignatureScheme.EcdsaP256Sha256,
            _ => key == "ed" ? SignatureScheme.Ed25519 : SignatureScheme.EcdsaSha384Der,
        };
        Assert.True(AuthSignature.TryCreate(method, scheme, Key(key), Octets, out var authData, out _));
        using var publicKey = Key(key).GetPublicKey();
        foreach (int cut in new[] { 1, 2, authData.Length / 2 })
        {
            Assert.False(AuthSignature.TryVerify(method, authData.AsSpan(0, authData.Length - cut), Octets, publicKey, out _, out var error));
            Assert.Equal(CryptoErrorKind.InvalidSignature, error.Kind);
        }
    }

    [Fact]
    public void Wrong_key_type_is_Unsupported_on_both_sides()
    {
        Assert.True(AuthSignature.TryCreate(AuthMethod.DigitalSignature, SignatureScheme.RsaPssSha256, Rsa.Value, Octets, out var authData, out _));
        using var ecKey = P256.Value.GetPublicKey();
        Assert.False(AuthSignature.TryVerify(AuthMethod.DigitalSignature, authData, Octets, ecKey, out _, out var error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);

        Assert.False(AuthSignature.TryCreate(AuthMethod.DigitalSignature, SignatureScheme.Ed25519, Rsa.Value, Octets, out _, out error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
    }

    [Fact]
    public void Rfc_4754_methods_insist_on_their_curve()
    {
        Assert.False(AuthSignature.TryCreate(AuthMethod.EcdsaSha256P256, SignatureScheme.EcdsaP256Sha256, P384.Value, Octets, out _, out var error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
        Assert.True(AuthSignature.TryCreate(AuthMethod.EcdsaSha384P384, SignatureScheme.EcdsaP384Sha384, P384.Value, Octets, out var authData, out _));
        using var p256 = P256.Value.GetPublicKey();
        Assert.False(AuthSignature.TryVerify(AuthMethod.EcdsaSha256P256, authData, Octets, p256, out _, out error));
        Assert.Equal(CryptoErrorKind.InvalidSignature, error.Kind);
    }

    [Fact]
    public void Method_and_scheme_must_agree()
    {
        Assert.False(AuthSignature.TryCreate(AuthMethod.RsaDigitalSignature, SignatureScheme.RsaPkcs1Sha256, Rsa.Value, Octets, out _, out var error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
        Assert.False(AuthSignature.TryCreate(AuthMethod.DigitalSignature, SignatureScheme.EcdsaP256Sha256, P256.Value, Octets, out _, out error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
        using var rsa = Rsa.Value.GetPublicKey();
        Assert.False(AuthSignature.TryVerify(AuthMethod.SharedKeyMessageIntegrityCode, new byte[20], Octets, rsa, out _, out error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("0c300a06082a8648ce3d0403")] // length byte larger than the rest
    [InlineData("07300506032b6570")] // no signature value
    [InlineData("05deadbeef00aa")] // garbage AlgorithmIdentifier
    public void Malformed_method_14_data_gives_typed_errors(string hex)
    {
        using var ed = Ed.Value.GetPublicKey();
        Assert.False(AuthSignature.TryVerify(AuthMethod.DigitalSignature, Convert.FromHexString(hex), Octets, ed, out _, out var error));
        Assert.Equal(CryptoErrorKind.InvalidSignature, error.Kind);
    }

    [Fact]
    public void Ed25519_matches_RFC_8032_test_1()
    {
        // RFC 8032 §7.1 TEST 1: empty message.
        using var key = SigningKey.FromEd25519Seed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        Assert.True(key.TryCreateSigner(SignatureScheme.Ed25519, out var signer, out _));
        Assert.Equal(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Convert.ToHexStringLower(signer.Sign([])));
        Assert.True(VerificationKey.TryFromEd25519(Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"), out var pk, out _));
        using (pk)
        {
            Assert.True(pk.TryCreateVerifier(SignatureScheme.Ed25519, out var verifier, out _));
            Assert.True(verifier.Verify([], signer.Sign([]), out _));
        }
    }

    [Fact]
    public void Random_auth_data_never_throws()
    {
        using var rsa = Rsa.Value.GetPublicKey();
        using var ed = Ed.Value.GetPublicKey();
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            _ = AuthSignature.TryVerify(AuthMethod.DigitalSignature, bytes, Octets, rsa, out _, out _);
            _ = AuthSignature.TryVerify(AuthMethod.RsaDigitalSignature, bytes, Octets, rsa, out _, out _);
            _ = AuthSignature.TryVerify(AuthMethod.DigitalSignature, bytes, Octets, ed, out _, out _);
        }, iter: 300);
    }
}
