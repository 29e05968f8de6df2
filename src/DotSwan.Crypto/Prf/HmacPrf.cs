using System.Security.Cryptography;

namespace DotSwan.Crypto.Prf;

/// <summary>
/// PRF_HMAC_MD5, PRF_HMAC_SHA1 and PRF_HMAC_SHA2_256/384/512 (RFC 2104, RFC 4868 §2.1): HMAC with a key of any length,
/// full-length output. The key changes at every IKE derivation step, so each call uses the BCL's one-shot HMAC.
/// </summary>
public sealed class HmacPrf : IPrf
{
    private HmacPrf(PrfAlgorithm algorithm, int outputLength)
    {
        Algorithm = algorithm;
        OutputLength = outputLength;
    }

    /// <inheritdoc />
    public PrfAlgorithm Algorithm { get; }

    /// <inheritdoc />
    public int OutputLength { get; }

    /// <inheritdoc />
    public int KeyLength => OutputLength;

    /// <summary>Creates an HMAC PRF.</summary>
    public static bool TryCreate(PrfAlgorithm algorithm, out HmacPrf? prf, out CryptoError error)
    {
        int outputLength = algorithm switch
        {
            PrfAlgorithm.HmacMd5 => 16,
            PrfAlgorithm.HmacSha1 => 20,
            PrfAlgorithm.HmacSha256 => 32,
            PrfAlgorithm.HmacSha384 => 48,
            PrfAlgorithm.HmacSha512 => 64,
            _ => 0,
        };
        if (outputLength == 0)
        {
            prf = null;
            error = new CryptoError(CryptoErrorKind.Unsupported, $"{algorithm} is not an HMAC PRF");
            return false;
        }

        prf = new HmacPrf(algorithm, outputLength);
        error = default;
        return true;
    }

    /// <inheritdoc />
    public void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> output)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(output.Length, OutputLength, nameof(output));
#pragma warning disable CA5350, CA5351 // PRF_HMAC_MD5 and _SHA1 is a negotiable IKE transform; HMAC-MD5 is not broken the way MD5 is.
        _ = Algorithm switch
        {
            PrfAlgorithm.HmacMd5 => HMACMD5.HashData(key, data, output),
            PrfAlgorithm.HmacSha1 => HMACSHA1.HashData(key, data, output),
            PrfAlgorithm.HmacSha256 => HMACSHA256.HashData(key, data, output),
            PrfAlgorithm.HmacSha384 => HMACSHA384.HashData(key, data, output),
            _ => HMACSHA512.HashData(key, data, output),
        };
#pragma warning restore CA5350, CA5351
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
