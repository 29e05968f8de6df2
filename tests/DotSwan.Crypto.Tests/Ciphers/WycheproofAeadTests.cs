using System.Text.Json;
using DotSwan.Crypto.Ciphers;

namespace DotSwan.Crypto.Tests.Ciphers;

/// <summary>
/// Wycheproof AEAD vectors through the ESP/IKE shape of our AEADs: a 12-byte Wycheproof nonce is split into the
/// 4-byte salt (appended to the key material, as RFC 4106/7634 derive it) and the 8-byte explicit IV.
/// </summary>
public sealed class WycheproofAeadTests
{
    public static TheoryData<string, EncryptionAlgorithm, int> Tests()
    {
        var rows = new TheoryData<string, EncryptionAlgorithm, int>();
        foreach (var (file, algorithms) in new[]
        {
            ("wycheproof/aes_gcm_test.subset.json", new[] { EncryptionAlgorithm.AesGcm16, EncryptionAlgorithm.AesGcm12, EncryptionAlgorithm.AesGcm8 }),
            ("wycheproof/chacha20_poly1305_test.subset.json", new[] { EncryptionAlgorithm.ChaCha20Poly1305 }),
        })
        {
            foreach (var test in WycheproofFile.Tests(file, group => group.GetProperty("ivSize").GetInt32() == 96))
            {
                // A modified tag may differ only in bits a truncated ICV drops, so invalid cases run with the full ICV only.
                bool valid = test.Text("result") == "valid";
                foreach (var algorithm in valid ? algorithms : algorithms[..1])
                {
                    rows.Add(file, algorithm, test.GetProperty("tcId").GetInt32());
                }
            }
        }

        return rows;
    }

    [Fact]
    public void Subset_files_hold_the_number_of_tests_their_header_states()
    {
        WycheproofFile.AssertCount("wycheproof/aes_gcm_test.subset.json");
        WycheproofFile.AssertCount("wycheproof/chacha20_poly1305_test.subset.json");
    }

    [Theory]
    [MemberData(nameof(Tests))]
    public void Aead_agrees_with_wycheproof(string file, EncryptionAlgorithm algorithm, int tcId)
    {
        var test = WycheproofFile.Test(file, tcId);
        var key = test.Hex("key");
        var nonce = test.Hex("iv");
        var keyMaterial = key.Concat(nonce[..4]).ToArray();
        var iv = nonce[4..];
        foreach (var aead in TestAeads.CreateAll(algorithm, keyMaterial))
        {
            using (aead)
            {
                // A shorter ICV is the leading part of the full GCM tag (RFC 4106 §6; NIST SP 800-38D §5.2.1.2).
                var tag = test.Hex("tag")[..aead.IcvLength];
                var message = test.Hex("msg");
                var ciphertext = test.Hex("ct");
                var aad = test.Hex("aad");
                if (test.Text("result") == "valid")
                {
                    AeadVectorTests.AssertSealsAndOpens(aead, iv, aad, message, ciphertext, tag);
                }
                else
                {
                    var opened = new byte[ciphertext.Length];
                    Assert.False(aead.TryOpen(iv, ciphertext, tag, aad, opened, out var error));
                    Assert.Equal(CryptoErrorKind.AuthenticationFailed, error.Kind);
                }
            }
        }
    }
}
