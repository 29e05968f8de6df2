using System.Security.Cryptography;
using CsCheck;
using DotSwan.Crypto.Kdf;

namespace DotSwan.Crypto.Tests.Kdf;

public sealed class PrfPlusTests
{
    /// <summary>prf+ written out directly from RFC 7296 §2.13 with the BCL's HMAC, as an independent reference.</summary>
    private static byte[] Reference(byte[] key, byte[] seed, int length)
    {
        var output = new List<byte>();
        byte[] previous = [];
        for (int n = 1; output.Count < length; n++)
        {
            byte[] input = [.. previous, .. seed, (byte)n];
            previous = HMACSHA256.HashData(key, input);
            output.AddRange(previous);
        }

        return [.. output.Take(length)];
    }

    [Fact]
    public void Matches_the_rfc_definition_for_any_key_seed_and_length()
    {
        Gen.Select(Gen.Byte.Array[0, 100], Gen.Byte.Array[0, 1500], Gen.Int[0, 255 * 32]).Sample((key, seed, length) =>
        {
            using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
            var output = new byte[length];
            Assert.True(PrfPlus.TryExpand(prf, key, seed, output, out _));
            Assert.Equal(Reference(key, seed, length), output);
        }, iter: 200);
    }

    [Fact]
    public void Shorter_output_is_a_prefix_of_longer_output()
    {
        Gen.Select(Gen.Byte.Array[1, 64], Gen.Byte.Array[0, 64], Gen.Int[0, 400], Gen.Int[0, 400]).Sample((key, seed, a, b) =>
        {
            using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha1);
            var shorter = new byte[Math.Min(a, b)];
            var longer = new byte[Math.Max(a, b)];
            Assert.True(PrfPlus.TryExpand(prf, key, seed, shorter, out _));
            Assert.True(PrfPlus.TryExpand(prf, key, seed, longer, out _));
            Assert.Equal(shorter, longer[..shorter.Length]);
        });
    }

    [Fact]
    public void Exactly_255_blocks_are_allowed()
    {
        using var prf = new RecordingPrf(KdfPrfs.Create(PrfAlgorithm.HmacSha256));
        var output = new byte[255 * 32];
        Assert.True(PrfPlus.TryExpand(prf, [1, 2, 3], [4, 5, 6], output, out _));
        Assert.Equal(255, prf.Calls);
        Assert.Equal(Reference([1, 2, 3], [4, 5, 6], output.Length), output);
    }

    [Theory]
    [InlineData(255 * 32 + 1)]
    [InlineData(256 * 32)]
    [InlineData(1 << 20)]
    public void More_than_255_blocks_is_a_typed_error_and_no_prf_runs(int length)
    {
        using var prf = new RecordingPrf(KdfPrfs.Create(PrfAlgorithm.HmacSha256));
        var output = new byte[length];
        Assert.False(PrfPlus.TryExpand(prf, [1], [2], output, out CryptoError error));
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
        Assert.Equal(0, prf.Calls);
    }

    [Fact]
    public void Output_overlapping_the_key_is_a_programming_error()
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => PrfPlus.TryExpand(prf, buffer.AsSpan(0, 32), [1], buffer.AsSpan(16, 32), out _));
    }
}
