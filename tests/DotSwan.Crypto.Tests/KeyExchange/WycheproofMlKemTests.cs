using DotSwan.Crypto.KeyExchange;

namespace DotSwan.Crypto.Tests.KeyExchange;

/// <summary>
/// Wycheproof ML-KEM-512 keygen-from-seed + decapsulation cases: the key pair derived from seed (d ‖ z) must publish the
/// expected encapsulation key (checked on its first 32 and last bytes) and decapsulate c to K, including a case that
/// exercises implicit rejection.
/// </summary>
public sealed class WycheproofMlKemTests
{
    [Fact]
    public void KeyGen_from_seed_and_decapsulation_match()
    {
        using var doc = KexTestData.Load("wycheproof_mlkem_512_subset.json");
        int count = 0;
        foreach (var test in doc.RootElement.GetProperty("testGroups")[0].GetProperty("tests").EnumerateArray())
        {
            int tcId = test.GetProperty("tcId").GetInt32();
            using var exchange = MlKemKeyExchangeFactory.MlKem512.CreateFromSeed(test.Hex("seed"));
            byte[] ek = exchange.PublicValue.ToArray();
            byte[] prefix = test.Hex("ekPrefix");
            byte[] suffix = test.Hex("ekSuffix");
            Assert.Equal(800, ek.Length);
            Assert.Equal(Convert.ToHexString(prefix), Convert.ToHexString(ek.AsSpan(0, prefix.Length)));
            Assert.Equal(Convert.ToHexString(suffix), Convert.ToHexString(ek.AsSpan(ek.Length - suffix.Length)));

            Assert.True(exchange.TryComputeSharedSecret(test.Hex("c"), out var secret, out var error), $"tcId {tcId}: {error}");
            using (secret)
            {
                Assert.Equal(test.GetProperty("K").GetString(), Convert.ToHexString(secret!.ReadOnlySpan), ignoreCase: true);
            }

            count++;
        }

        Assert.Equal(2, count);
    }

    [Fact]
    public void Encapsulation_keys_with_coefficient_overflow_are_refused()
    {
        using var doc = KexTestData.Load("wycheproof_mlkem_512_encaps_subset.json");
        var factory = MlKemKeyExchangeFactory.MlKem512;

        // The unmodified key passes the check and encapsulates, so the rejections below come from the overflow alone.
        Assert.True(factory.PassesModulusCheck(doc.RootElement.Hex("base")));
        Assert.True(factory.TryRespond(doc.RootElement.Hex("base"), out _, out var secret, out _));
        secret!.Dispose();

        int count = 0;
        foreach (var test in doc.RootElement.GetProperty("testGroups")[0].GetProperty("tests").EnumerateArray())
        {
            int tcId = test.GetProperty("tcId").GetInt32();
            Assert.Equal("invalid", test.GetProperty("result").GetString());
            Assert.False(factory.TryRespond(test.Hex("ek"), out var reply, out var s, out var error), $"tcId {tcId}");
            Assert.Null(reply);
            Assert.Null(s);
            Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
            count++;
        }

        Assert.Equal(8, count);
    }
}
