using System.Text.Json;
using DotSwan.Crypto.Signatures;

namespace DotSwan.Crypto.Tests.Signatures;

/// <summary>Every transcribed Wycheproof case: "valid" must verify, "invalid" must not, and nothing may throw.</summary>
public sealed class WycheproofSignatureTests
{
    [Fact]
    public void Ed25519_vectors()
    {
        int count = Run("wycheproof-ed25519.txt", SignatureScheme.Ed25519,
            key => VerificationKey.TryFromEd25519(key, out var k, out _) ? k : throw new InvalidDataException("bad key"));
        Assert.Equal(151, count);
    }

    [Fact]
    public void Ecdsa_p256_sha256_p1363_vectors_as_AUTH_method_9()
    {
        int count = Run("wycheproof-ecdsa-p256-sha256-p1363.txt", SignatureScheme.EcdsaP256Sha256, Spki);
        Assert.Equal(252, count);
    }

    [Fact]
    public void Rsa_pkcs1_2048_sha256_vectors_as_sha256WithRSAEncryption()
    {
        int count = Run("wycheproof-rsa-pkcs1-2048-sha256.txt", SignatureScheme.RsaPkcs1Sha256, Spki);
        Assert.Equal(259, count);
    }

    [Fact]
    public void Rsa_pss_2048_sha256_mgf1_32_vectors_as_RFC_7427_RSASSA_PSS()
    {
        int count = Run("wycheproof-rsa-pss-2048-sha256-mgf1-32.txt", SignatureScheme.RsaPssSha256, Spki);
        Assert.Equal(108, count);
    }

    [Fact]
    public void Ecdsa_p384_sha384_der_vectors_as_RFC_7427_ecdsa_with_SHA384()
    {
        int count = Run("wycheproof-ecdsa-p384-sha384-der.txt", SignatureScheme.EcdsaSha384Der, Spki);
        Assert.Equal(105, count);
    }

    [Fact]
    public void Ecdsa_p384_sha384_p1363_full_file_as_AUTH_method_10()
    {
        // The complete upstream file, byte for byte: every group's publicKeyDer, every case.
        using var doc = JsonDocument.Parse(File.ReadAllBytes(
            Path.Combine(AppContext.BaseDirectory, "TestData", "sig", "wycheproof_ecdsa_secp384r1_sha384_p1363_test.json")));
        var failures = new List<string>();
        int count = 0, valid = 0;
        foreach (var group in doc.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            using var key = Spki(Convert.FromHexString(group.GetProperty("publicKeyDer").GetString()!));
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                int tcId = test.GetProperty("tcId").GetInt32();
                string result = test.GetProperty("result").GetString()!;
                Assert.True(key.TryCreateVerifier(SignatureScheme.EcdsaP384Sha384, out var verifier, out var error), error.ToString());
                bool ok = verifier.Verify(
                    Convert.FromHexString(test.GetProperty("msg").GetString()!),
                    Convert.FromHexString(test.GetProperty("sig").GetString()!),
                    out error);
                if (ok != (result == "valid"))
                {
                    failures.Add($"tcId {tcId}: expected {result}, verify returned {ok} ({error})");
                }

                if (!ok)
                {
                    Assert.Equal(CryptoErrorKind.InvalidSignature, error.Kind);
                }
                else
                {
                    valid++;
                }

                count++;
            }
        }

        Assert.Empty(failures);
        Assert.Equal(doc.RootElement.GetProperty("numberOfTests").GetInt32(), count);
        Assert.Equal(270, count);
        Assert.Equal(189, valid);
    }

    private static VerificationKey Spki(byte[] der) =>
        VerificationKey.TryImportSubjectPublicKeyInfo(der, out var key, out var error) ? key : throw new InvalidDataException(error.ToString());

    private static int Run(string file, SignatureScheme scheme, Func<byte[], VerificationKey> keyOf)
    {
        var failures = new List<string>();
        int count = 0;
        foreach (var (tcId, result, keyBytes, message, signature) in WycheproofVectorFile.Read(file))
        {
            using var key = keyOf(keyBytes);
            Assert.True(key.TryCreateVerifier(scheme, out var verifier, out var error), error.ToString());
            bool ok = verifier.Verify(message, signature, out error);
            bool expected = result == "valid";
            // "acceptable" (legacy encodings such as a DigestInfo without NULL): our policy is strict, so they must fail.
            if (ok != expected)
            {
                failures.Add($"tcId {tcId}: expected {result}, verify returned {ok} ({error})");
            }

            if (!ok)
            {
                Assert.Equal(CryptoErrorKind.InvalidSignature, error.Kind);
            }

            count++;
        }

        Assert.Empty(failures);
        return count;
    }
}
