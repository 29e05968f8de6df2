namespace DotSwan.Crypto.Kdf;

/// <summary>Length checks shared by the key derivations: sums in 64 bits so that no size from the wire can overflow.</summary>
internal static class KdfLength
{
    /// <summary>Adds lengths; fails when the total is beyond <see cref="ScratchBuffer.MaxLength"/>.</summary>
    public static bool TrySum(out int total, out CryptoError error, params ReadOnlySpan<long> lengths)
    {
        long sum = 0;
        foreach (long length in lengths)
        {
            if (length < 0)
            {
                total = 0;
                error = new CryptoError(CryptoErrorKind.InvalidLength, "negative length");
                return false;
            }

            sum += length;
        }

        if (sum > ScratchBuffer.MaxLength)
        {
            total = 0;
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"PRF input of {sum} bytes is larger than {ScratchBuffer.MaxLength}");
            return false;
        }

        total = (int)sum;
        error = default;
        return true;
    }

    /// <summary>Checks that the PRF's output length is usable (1..1024 bytes).</summary>
    public static bool CheckPrf(IPrf prf, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(prf);
        if (prf.OutputLength is <= 0 or > 1024)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"PRF output length {prf.OutputLength} is not supported");
            return false;
        }

        error = default;
        return true;
    }
}
