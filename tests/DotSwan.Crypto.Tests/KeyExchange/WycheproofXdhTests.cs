using DotSwan.Crypto.KeyExchange;

namespace DotSwan.Crypto.Tests.KeyExchange;

/// <summary>
/// Wycheproof XDH vectors. Our policy: every case with a non-zero shared secret must reproduce it ("valid" and the
/// "acceptable" twist / non-canonical cases, which RFC 7748 defines); every case whose shared secret is all zero
/// (low-order public values, flagged ZeroSharedSecret) and every "invalid" case (a public value of the wrong length)
/// must be refused with InvalidPublicValue (RFC 8031 §2.3).
/// </summary>
public sealed class WycheproofXdhTests
{
    /// <summary>Every file on both implementations: libcrypto (true) and the BouncyCastle fallback (false).</summary>
    public static TheoryData<string, int, bool> Files() => new()
    {
        { "wycheproof_x25519_test.json", 31, true },
        { "wycheproof_x448_test.json", 32, true },
        { "wycheproof_x25519_test.json", 31, false },
        { "wycheproof_x448_test.json", 32, false },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void All_cases_follow_our_policy(string file, int group, bool libCrypto)
    {
        var factory = (XdhKeyExchangeFactory)KexTestData.Factory((KeyExchangeMethod)group);
        using var doc = KexTestData.Load(file);
        int matched = 0, rejected = 0;
        foreach (var testGroup in doc.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            foreach (var test in testGroup.GetProperty("tests").EnumerateArray())
            {
                int tcId = test.GetProperty("tcId").GetInt32();
                byte[] expected = test.Hex("shared");
                bool invalid = test.GetProperty("result").GetString() == "invalid";
                bool zero = !expected.AsSpan().ContainsAnyExcept((byte)0);

                using var exchange = factory.CreateWithPrivateKey(SecretBytes.CopyOf(test.Hex("private")), libCrypto);
                bool ok = exchange.TryComputeSharedSecret(test.Hex("public"), out var secret, out var error);
                if (invalid)
                {
                    // For example a 57-byte X448 public value: the wrong length.
                    Assert.False(ok, $"tcId {tcId}: an invalid public value must be refused");
                    Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
                    rejected++;
                }
                else if (zero)
                {
                    Assert.False(ok, $"tcId {tcId}: an all-zero shared secret must be refused");
                    Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
                    rejected++;
                }
                else
                {
                    Assert.True(ok, $"tcId {tcId}: {error}");
                    using (secret)
                    {
                        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(secret!.ReadOnlySpan));
                    }

                    matched++;
                }
            }
        }

        Assert.Equal(doc.RootElement.GetProperty("numberOfTests").GetInt32(), matched + rejected);
        Assert.True(matched > 0);
    }
}
