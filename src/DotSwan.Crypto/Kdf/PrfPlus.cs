namespace DotSwan.Crypto.Kdf;

/// <summary>
/// The IKEv2 key expansion prf+ (RFC 7296 §2.13): T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n),
/// prf+(K, S) = T1 | T2 | …, at most 255 blocks.
/// </summary>
public static class PrfPlus
{
    /// <summary>The counter is one octet, so prf+ can produce at most this many blocks.</summary>
    public const int MaxBlocks = 255;

    /// <summary>
    /// Fills <paramref name="output"/> with prf+(<paramref name="key"/>, <paramref name="seed"/>).
    /// Fails with <see cref="CryptoErrorKind.InvalidLength"/> when more than 255 PRF blocks would be needed.
    /// <paramref name="output"/> must not overlap <paramref name="key"/> or <paramref name="seed"/>.
    /// </summary>
    public static bool TryExpand(IPrf prf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> seed, Span<byte> output, out CryptoError error)
    {
        if (!KdfLength.CheckPrf(prf, out error))
        {
            return false;
        }

        if (output.Overlaps(key) || output.Overlaps(seed))
        {
            throw new ArgumentException("The output of prf+ must not overlap its key or seed.", nameof(output));
        }

        int blockLength = prf.OutputLength;
        long blocks = ((long)output.Length + blockLength - 1) / blockLength;
        if (blocks > MaxBlocks)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength,
                $"prf+ needs {blocks} blocks for {output.Length} bytes; at most {MaxBlocks} are defined");
            return false;
        }

        // Layout: [ T(n-1) | S | n ] followed by one block for the new T(n), so nothing is allocated per iteration.
        if (!KdfLength.TrySum(out int length, out error, blockLength, seed.Length, 1, blockLength))
        {
            return false;
        }

        using var scratch = new ScratchBuffer(length, stackalloc byte[512]);
        Span<byte> input = scratch.Span[..(blockLength + seed.Length + 1)];
        Span<byte> block = scratch.Span.Slice(blockLength + seed.Length + 1, blockLength);
        seed.CopyTo(input[blockLength..]);

        int written = 0;
        for (int n = 1; written < output.Length; n++)
        {
            input[^1] = (byte)n;

            // T1 has no previous block: its input is S | 0x01 only.
            prf.Compute(key, n == 1 ? input[blockLength..] : input, block);

            int take = Math.Min(blockLength, output.Length - written);
            block[..take].CopyTo(output[written..]);
            written += take;
            block.CopyTo(input);
        }

        return true;
    }
}
