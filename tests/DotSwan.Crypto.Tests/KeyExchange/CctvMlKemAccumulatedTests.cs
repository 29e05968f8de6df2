using DotSwan.Crypto.KeyExchange;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace DotSwan.Crypto.Tests.KeyExchange;

/// <summary>
/// C2SP CCTV "accumulated" ML-KEM vectors (FIPS 203 final): 10,000 consecutive tests per parameter set, inputs drawn from a
/// SHAKE-128 stream, outputs (ek, dk, ct, K from encaps, K from decaps of a random ciphertext) hashed into a running SHAKE-128
/// whose 32-byte output is published. Key generation from d ‖ z and decapsulation go through our exchange; encapsulation
/// goes through our factory with m injected as its randomness; dk is read from the BouncyCastle key we wrap.
/// </summary>
public sealed class CctvMlKemAccumulatedTests
{
    public static TheoryData<string> ParameterSets() => new() { "ML-KEM-512", "ML-KEM-768", "ML-KEM-1024" };

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public void Ten_thousand_accumulated_tests_hash_to_the_published_value(string name)
    {
        using var doc = KexTestData.Load("cctv_mlkem_accumulated.json");
        var root = doc.RootElement;
        int tests = root.GetProperty("tests").GetInt32();
        Assert.Equal(10000, tests);
        string expected = root.GetProperty("hashes").GetProperty(name).GetString()!;
        var factory = name switch
        {
            "ML-KEM-512" => MlKemKeyExchangeFactory.MlKem512,
            "ML-KEM-768" => MlKemKeyExchangeFactory.MlKem768,
            _ => MlKemKeyExchangeFactory.MlKem1024,
        };

        var rng = new ShakeDigest(128);
        byte[] prefix = new byte[16];
        var probe = new ShakeDigest(128);
        probe.OutputFinal(prefix, 0, prefix.Length);
        Assert.Equal(root.GetProperty("rngPrefix").GetString(), Convert.ToHexString(prefix), ignoreCase: true);

        var accumulator = new ShakeDigest(128);
        byte[] seed = new byte[64];
        byte[] m = new byte[32];
        byte[] randomCiphertext = new byte[factory.CiphertextLength];
        for (int i = 0; i < tests; i++)
        {
            rng.Output(seed, 0, 64); // d ‖ z
            rng.Output(m, 0, 32);
            rng.Output(randomCiphertext, 0, randomCiphertext.Length);

            using var exchange = factory.CreateFromSeed(seed);
            byte[] ek = exchange.PublicValue.ToArray();
            byte[] dk = MLKemPrivateKeyParameters.FromSeed(factory.Parameters, seed).GetEncoded();
            Assert.Equal(factory.EncapsulationKeyLength, ek.Length);

            var fixedRandom = new SecureRandom(new OneShotGenerator(m));
            Assert.True(factory.TryEncapsulate(ek, fixedRandom, out var ct, out var encapsSecret, out var error), $"{name} test {i}: {error}");
            using (encapsSecret)
            {
                Assert.True(exchange.TryComputeSharedSecret(ct, out var decapsSecret, out error), $"{name} test {i}: {error}");
                using (decapsSecret)
                {
                    Assert.True(encapsSecret!.ReadOnlySpan.SequenceEqual(decapsSecret!.ReadOnlySpan), $"{name} test {i}: decaps disagrees with encaps");
                }

                Assert.True(exchange.TryComputeSharedSecret(randomCiphertext, out var rejected, out error), $"{name} test {i}: {error}");
                using (rejected)
                {
                    accumulator.BlockUpdate(ek, 0, ek.Length);
                    accumulator.BlockUpdate(dk, 0, dk.Length);
                    accumulator.BlockUpdate(ct!, 0, ct!.Length);
                    accumulator.BlockUpdate(encapsSecret.ReadOnlySpan);
                    accumulator.BlockUpdate(rejected!.ReadOnlySpan);
                }
            }

        }

        byte[] hash = new byte[32];
        accumulator.OutputFinal(hash, 0, hash.Length);
        Assert.Equal(expected, Convert.ToHexString(hash), ignoreCase: true);
    }

    /// <summary>Hands out exactly the 32 bytes of m, once; any other draw fails the test.</summary>
    private sealed class OneShotGenerator(byte[] value) : IRandomGenerator
    {
        private bool _used;

        public void AddSeedMaterial(byte[] seed) { }

        public void AddSeedMaterial(ReadOnlySpan<byte> seed) { }

        public void AddSeedMaterial(long seed) { }

        public void NextBytes(byte[] bytes) => NextBytes(bytes.AsSpan());

        public void NextBytes(byte[] bytes, int start, int len) => NextBytes(bytes.AsSpan(start, len));

        public void NextBytes(Span<byte> bytes)
        {
            Assert.False(_used, "encapsulation drew randomness twice");
            Assert.Equal(value.Length, bytes.Length);
            value.CopyTo(bytes);
            _used = true;
        }
    }
}
