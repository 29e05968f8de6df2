using System.Text.Json;
using DotSwan.Crypto.Ciphers;

namespace DotSwan.Crypto.Tests.Ciphers;

/// <summary>
/// Wycheproof AEAD vectors through the ESP/IKE shape of our AEADs: a 12-byte Wycheproof nonce is split into the
/// 4-byte salt (appended to the key material, as RFC 4106/7634 derive it) and the 8-byte explicit IV.
/// </summary>
public sealed class WycheproofAeadTests
{
    private const string GcmFile = "wycheproof/aes_gcm_test.json";
    private const string ChaChaFile = "wycheproof/chacha20_poly1305_test.json";

    /// <summary>
    /// Each file, the transforms its cases run through, and how many of its cases apply: those with the 96-bit nonce
    /// ESP and IKE use (RFC 4106 §3.1, RFC 7634 §2). Other nonce sizes cannot be expressed as salt and explicit IV.
    /// </summary>
    private static readonly (string File, EncryptionAlgorithm[] Algorithms, int ApplicableCases)[] Files =
    [
        // aes_gcm_test.json: 316 cases, of which 197 in the ivSize 96 groups (128-, 192- and 256-bit keys).
        (GcmFile, [EncryptionAlgorithm.AesGcm16, EncryptionAlgorithm.AesGcm12, EncryptionAlgorithm.AesGcm8], 197),
        // chacha20_poly1305_test.json: 325 cases, of which 316 in the ivSize 96 group; the rest are invalid nonce sizes.
        (ChaChaFile, [EncryptionAlgorithm.ChaCha20Poly1305], 316),
    ];

    private static bool Applies(JsonElement group) => group.GetProperty("ivSize").GetInt32() == 96;

    public static TheoryData<string, EncryptionAlgorithm, int> Tests()
    {
        var rows = new TheoryData<string, EncryptionAlgorithm, int>();
        foreach (var (file, algorithms, _) in Files)
        {
            foreach (var (algorithm, tcId) in Rows(file, algorithms))
            {
                rows.Add(file, algorithm, tcId);
            }
        }

        return rows;
    }

    private static IEnumerable<(EncryptionAlgorithm Algorithm, int TcId)> Rows(string file, EncryptionAlgorithm[] algorithms)
    {
        foreach (var test in WycheproofFile.Tests(file, Applies))
        {
            // A modified tag may differ only in bits a truncated ICV drops, so invalid cases run with the full ICV only.
            bool valid = test.Text("result") == "valid";
            foreach (var algorithm in valid ? algorithms : algorithms[..1])
            {
                yield return (algorithm, test.GetProperty("tcId").GetInt32());
            }
        }
    }

    [Fact]
    public void Files_hold_the_number_of_tests_their_header_states()
    {
        foreach (var (file, _, _) in Files)
        {
            WycheproofFile.AssertCount(file);
        }
    }

    [Fact]
    public void Every_case_with_a_96_bit_nonce_runs()
    {
        foreach (var (file, algorithms, applicable) in Files)
        {
            var cases = WycheproofFile.Tests(file, Applies).ToList();
            Assert.Equal(applicable, cases.Count);

            // Valid cases run through every ICV length, invalid ones through the full ICV.
            int valid = cases.Count(test => test.Text("result") == "valid");
            int expectedRows = (valid * algorithms.Length) + (cases.Count - valid);
            Assert.Equal(expectedRows, Rows(file, algorithms).Count());

            // Only other nonce sizes are left out.
            var skipped = WycheproofFile.Groups(file).Where(group => !Applies(group)).Sum(group => group.GetProperty("tests").GetArrayLength());
            Assert.Equal(WycheproofFile.Root(file).GetProperty("numberOfTests").GetInt32() - applicable, skipped);
        }
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
