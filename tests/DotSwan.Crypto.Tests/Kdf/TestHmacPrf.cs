using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>
/// Test-only IPrf over the BCL's HMAC one-shots (and BouncyCastle for HMAC-SHA-224, which the BCL lacks and ACVP uses).
/// Replaced by the real PRF registry once merged. <see cref="Algorithm"/> can be overridden to exercise the fixed-key rule.
/// </summary>
internal sealed class TestHmacPrf : IPrf
{
    private readonly string _hash;

    /// <param name="hash">"MD5", "SHA-1", "SHA2-224", "SHA2-256", "SHA2-384" or "SHA2-512" (ACVP spelling).</param>
    /// <param name="reportedAlgorithm">What <see cref="Algorithm"/> reports; defaults to the matching HMAC id.</param>
    public TestHmacPrf(string hash, PrfAlgorithm? reportedAlgorithm = null)
    {
        _hash = hash;
        (OutputLength, PrfAlgorithm algorithm) = hash switch
        {
            "MD5" => (16, PrfAlgorithm.HmacMd5),
            "SHA-1" => (20, PrfAlgorithm.HmacSha1),
            "SHA2-224" => (28, (PrfAlgorithm)0),
            "SHA2-256" => (32, PrfAlgorithm.HmacSha256),
            "SHA2-384" => (48, PrfAlgorithm.HmacSha384),
            "SHA2-512" => (64, PrfAlgorithm.HmacSha512),
            _ => throw new ArgumentException($"unknown hash {hash}", nameof(hash)),
        };
        Algorithm = reportedAlgorithm ?? algorithm;
    }

    public static TestHmacPrf For(PrfAlgorithm algorithm) => algorithm switch
    {
        PrfAlgorithm.HmacMd5 => new("MD5"),
        PrfAlgorithm.HmacSha1 => new("SHA-1"),
        PrfAlgorithm.HmacSha256 => new("SHA2-256"),
        PrfAlgorithm.HmacSha384 => new("SHA2-384"),
        PrfAlgorithm.HmacSha512 => new("SHA2-512"),
        _ => throw new ArgumentException($"no HMAC for {algorithm}", nameof(algorithm)),
    };

    public PrfAlgorithm Algorithm { get; }

    public int OutputLength { get; }

    public int KeyLength => OutputLength;

    /// <summary>How many times Compute ran (lets tests count PRF blocks).</summary>
    public int Calls { get; private set; }

    /// <summary>The key of the last Compute call (lets tests check which key was used).</summary>
    public byte[] LastKey { get; private set; } = [];

    public void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> output)
    {
        Calls++;
        LastKey = key.ToArray();
        // PRF_HMAC_MD5 and PRF_HMAC_SHA1 are IANA transforms that peers still negotiate; HMAC use is not broken.
#pragma warning disable CA5350, CA5351
        int written = _hash switch
        {
            "MD5" => HMACMD5.HashData(key, data, output),
            "SHA-1" => HMACSHA1.HashData(key, data, output),
            "SHA2-256" => HMACSHA256.HashData(key, data, output),
            "SHA2-384" => HMACSHA384.HashData(key, data, output),
            "SHA2-512" => HMACSHA512.HashData(key, data, output),
            _ => Sha224(key, data, output),
        };
#pragma warning restore CA5350, CA5351
        Assert.Equal(OutputLength, written);
    }

    public void Dispose()
    {
    }

    private static int Sha224(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> output)
    {
        var mac = new HMac(new Sha224Digest());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data);
        return mac.DoFinal(output);
    }
}
