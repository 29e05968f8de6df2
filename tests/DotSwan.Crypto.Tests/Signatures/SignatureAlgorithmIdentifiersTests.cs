using CsCheck;
using DotSwan.Crypto.Signatures;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;

namespace DotSwan.Crypto.Tests.Signatures;

public sealed class SignatureAlgorithmIdentifiersTests
{
    // Hex as listed in RFC 7427 Appendix A (A.1 PKCS#1 v1.5, A.3 ECDSA, A.4.3 RSASSA-PSS SHA-256) and RFC 8420 §2 (Ed25519).
    public static TheoryData<SignatureScheme, string> Published => new()
    {
        { SignatureScheme.RsaPkcs1Sha1, "300d06092a864886f70d0101050500" },
        { SignatureScheme.RsaPkcs1Sha256, "300d06092a864886f70d01010b0500" },
        { SignatureScheme.RsaPkcs1Sha384, "300d06092a864886f70d01010c0500" },
        { SignatureScheme.RsaPkcs1Sha512, "300d06092a864886f70d01010d0500" },
        { SignatureScheme.EcdsaSha256Der, "300a06082a8648ce3d040302" },
        { SignatureScheme.EcdsaSha384Der, "300a06082a8648ce3d040303" },
        { SignatureScheme.EcdsaSha512Der, "300a06082a8648ce3d040304" },
        { SignatureScheme.RsaPssSha256,
            "304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120" },
        { SignatureScheme.Ed25519, "300506032b6570" },
    };

    [Theory]
    [MemberData(nameof(Published))]
    public void Encoding_matches_the_published_bytes(SignatureScheme scheme, string hex)
    {
        Assert.Equal(hex, Convert.ToHexStringLower(SignatureAlgorithmIdentifiers.For(scheme)));
    }

    [Theory]
    [InlineData(SignatureScheme.RsaPssSha256, "2.16.840.1.101.3.4.2.1", 32)]
    [InlineData(SignatureScheme.RsaPssSha384, "2.16.840.1.101.3.4.2.2", 48)]
    [InlineData(SignatureScheme.RsaPssSha512, "2.16.840.1.101.3.4.2.3", 64)]
    public void Pss_encoding_equals_BouncyCastles_DER_of_the_same_parameters(SignatureScheme scheme, string hashOid, int salt)
    {
        var hash = new AlgorithmIdentifier(new DerObjectIdentifier(hashOid), DerNull.Instance);
        var parameters = new RsassaPssParameters(hash, new AlgorithmIdentifier(PkcsObjectIdentifiers.IdMgf1, hash),
            DerInteger.ValueOf(salt), RsassaPssParameters.DefaultTrailerField);
        var expected = new AlgorithmIdentifier(PkcsObjectIdentifiers.IdRsassaPss, parameters).GetDerEncoded();
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(SignatureAlgorithmIdentifiers.For(scheme)));
    }

    [Theory]
    [InlineData(SignatureScheme.RsaPkcs1Sha1)]
    [InlineData(SignatureScheme.RsaPkcs1Sha256)]
    [InlineData(SignatureScheme.RsaPkcs1Sha384)]
    [InlineData(SignatureScheme.RsaPkcs1Sha512)]
    [InlineData(SignatureScheme.RsaPssSha256)]
    [InlineData(SignatureScheme.RsaPssSha384)]
    [InlineData(SignatureScheme.RsaPssSha512)]
    [InlineData(SignatureScheme.EcdsaSha256Der)]
    [InlineData(SignatureScheme.EcdsaSha384Der)]
    [InlineData(SignatureScheme.EcdsaSha512Der)]
    [InlineData(SignatureScheme.Ed25519)]
    public void Every_encoding_parses_back_to_its_scheme(SignatureScheme scheme)
    {
        Assert.True(SignatureAlgorithmIdentifiers.TryParse(SignatureAlgorithmIdentifiers.For(scheme), out var parsed, out var error), error.ToString());
        Assert.Equal(scheme, parsed);
    }

    [Theory]
    [InlineData(SignatureScheme.EcdsaP256Sha256)]
    [InlineData(SignatureScheme.Ikev1Rsa)]
    public void Schemes_without_an_AlgorithmIdentifier_are_refused(SignatureScheme scheme)
    {
        Assert.False(SignatureAlgorithmIdentifiers.IsSupported(scheme));
        Assert.Throws<ArgumentOutOfRangeException>(() => SignatureAlgorithmIdentifiers.For(scheme).Length);
    }

    [Fact]
    public void Sha256_with_rsa_without_the_NULL_parameter_is_accepted()
    {
        Assert.True(SignatureAlgorithmIdentifiers.TryParse(Convert.FromHexString("300b06092a864886f70d01010b"), out var scheme, out _));
        Assert.Equal(SignatureScheme.RsaPkcs1Sha256, scheme);
    }

    [Fact]
    public void Pss_with_an_explicit_trailer_field_is_accepted()
    {
        // Same as A.4.3 plus [3] INTEGER 1 (a BER-ish but seen encoding).
        var hex = "304606092a864886f70d01010a3039a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120a303020101";
        Assert.True(SignatureAlgorithmIdentifiers.TryParse(Convert.FromHexString(hex), out var scheme, out var error), error.ToString());
        Assert.Equal(SignatureScheme.RsaPssSha256, scheme);
    }

    [Theory]
    [InlineData("300b06092a864886f70d01010a")] // PSS with no parameters
    [InlineData("300d06092a864886f70d01010a3000")] // PSS with SHA-1 defaults
    [InlineData("304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020114")] // salt 20
    [InlineData("304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020120")] // MGF1-SHA512
    [InlineData("300906072a8648ce380403")] // dsa-with-sha1
    [InlineData("300506032b6571")] // Ed448
    public void Well_formed_but_unsupported_algorithms_are_Unsupported(string hex)
    {
        Assert.False(SignatureAlgorithmIdentifiers.TryParse(Convert.FromHexString(hex), out _, out var error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("300a06082a8648ce3d0403")] // truncated
    [InlineData("300a06082a8648ce3d04030200")] // trailing byte
    [InlineData("300c06082a8648ce3d0403020500")] // ECDSA must have no parameters
    [InlineData("deadbeef")]
    public void Garbage_is_InvalidSignature(string hex)
    {
        Assert.False(SignatureAlgorithmIdentifiers.TryParse(Convert.FromHexString(hex), out _, out var error));
        Assert.Equal(CryptoErrorKind.InvalidSignature, error.Kind);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        Gen.Byte.Array[0, 80].Sample(bytes =>
        {
            _ = SignatureAlgorithmIdentifiers.TryParse(bytes, out _, out _);
            _ = DigitalSignatureAuthData.TryDecode(bytes, out _, out _, out _);
        });
    }

    [Fact]
    public void Mutated_pss_identifiers_never_throw()
    {
        var valid = SignatureAlgorithmIdentifiers.RsassaPssSha384.ToArray();
        Gen.Int[0, valid.Length - 1].Select(Gen.Byte).Sample((index, value) =>
        {
            var copy = (byte[])valid.Clone();
            copy[index] = value;
            bool ok = SignatureAlgorithmIdentifiers.TryParse(copy, out _, out var error);
            return ok || error.Kind is CryptoErrorKind.InvalidSignature or CryptoErrorKind.Unsupported;
        });
    }

    [Fact]
    public void Hash_algorithm_ids_are_the_RFC_7427_numbers()
    {
        Assert.Equal(1, (int)SignatureHashAlgorithm.Sha1);
        Assert.Equal(2, (int)SignatureHashAlgorithm.Sha256);
        Assert.Equal(3, (int)SignatureHashAlgorithm.Sha384);
        Assert.Equal(4, (int)SignatureHashAlgorithm.Sha512);
        Assert.Equal(5, (int)SignatureHashAlgorithm.Identity);
        Assert.Equal(SignatureHashAlgorithm.Identity, SignatureScheme.Ed25519.GetHashAlgorithm());
        Assert.Equal(SignatureHashAlgorithm.Sha384, SignatureScheme.RsaPssSha384.GetHashAlgorithm());
        Assert.Null(SignatureScheme.Ikev1Rsa.GetHashAlgorithm());
    }
}
