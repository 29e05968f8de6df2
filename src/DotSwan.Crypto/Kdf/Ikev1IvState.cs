using System.Buffers.Binary;

namespace DotSwan.Crypto.Kdf;

/// <summary>
/// The CBC IV of one IKEv1 encrypted exchange (RFC 2409 Appendix B). Phase 1 starts from hash(g^xi | g^xr);
/// every message then chains: the next IV is the last ciphertext block of the previous message (sent or received).
/// Each Quick Mode or informational exchange gets its own state, started from hash(last phase 1 CBC block | M-ID).
/// The engine drives it: <see cref="Current"/> to encrypt or decrypt a message, then <see cref="TryAdvance"/> with the
/// ciphertext of a message that was accepted (a message that fails to decrypt or verify must not move the chain).
/// </summary>
public sealed class Ikev1IvState
{
    private readonly byte[] _iv;

    private Ikev1IvState(byte[] iv) => _iv = iv;

    /// <summary>The cipher block size in bytes (the IV length).</summary>
    public int BlockSize => _iv.Length;

    /// <summary>The IV for the next message of this exchange.</summary>
    public ReadOnlySpan<byte> Current => _iv;

    /// <summary>Phase 1: IV = hash(g^xi | g^xr) truncated to <paramref name="blockSize"/>.</summary>
    public static bool TryCreatePhase1(Ikev1HashFunction hash, ReadOnlySpan<byte> gxi, ReadOnlySpan<byte> gxr, int blockSize,
        out Ikev1IvState? state, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(hash);
        state = null;
        if (!CheckBlockSize(hash, blockSize, out error) || !KdfLength.TrySum(out int length, out error, gxi.Length, gxr.Length))
        {
            return false;
        }

        using var scratch = new ScratchBuffer(length, stackalloc byte[1024]);
        var data = new SpanCursor(scratch.Span);
        data.Append(gxi);
        data.Append(gxr);
        state = new Ikev1IvState(HashTruncated(hash, data.Written, blockSize));
        return true;
    }

    /// <summary>
    /// The IV state of a Quick Mode or informational exchange: hash(last phase 1 CBC block | M-ID) truncated to the block size.
    /// Call it on the phase 1 state once phase 1 is complete; this state is not changed.
    /// </summary>
    public bool TryCreateExchange(Ikev1HashFunction hash, uint messageId, out Ikev1IvState? state, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(hash);
        state = null;
        if (!CheckBlockSize(hash, BlockSize, out error))
        {
            return false;
        }

        Span<byte> data = stackalloc byte[BlockSize + sizeof(uint)];
        _iv.CopyTo(data);
        BinaryPrimitives.WriteUInt32BigEndian(data[BlockSize..], messageId);
        state = new Ikev1IvState(HashTruncated(hash, data, BlockSize));
        return true;
    }

    /// <summary>Chains to the next message: the IV becomes the last block of <paramref name="ciphertext"/> (the encrypted part of a message).</summary>
    public bool TryAdvance(ReadOnlySpan<byte> ciphertext, out CryptoError error)
    {
        if (ciphertext.Length < BlockSize || ciphertext.Length % BlockSize != 0)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength,
                $"encrypted part of {ciphertext.Length} bytes is not a positive multiple of the {BlockSize}-byte block");
            return false;
        }

        ciphertext[^BlockSize..].CopyTo(_iv);
        error = default;
        return true;
    }

    /// <summary>An independent copy (e.g. to try a retransmitted message without disturbing the chain).</summary>
    public Ikev1IvState Clone() => new((byte[])_iv.Clone());

    /// <inheritdoc />
    public override string ToString() => $"Ikev1IvState({BlockSize}-byte block)";

    private static bool CheckBlockSize(Ikev1HashFunction hash, int blockSize, out CryptoError error)
    {
        if (blockSize <= 0 || blockSize > hash.Length)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"block size {blockSize} does not fit the {hash.Length}-byte {hash}");
            return false;
        }

        error = default;
        return true;
    }

    private static byte[] HashTruncated(Ikev1HashFunction hash, ReadOnlySpan<byte> data, int blockSize)
    {
        Span<byte> digest = stackalloc byte[hash.Length];
        hash.Compute(data, digest);
        return digest[..blockSize].ToArray();
    }
}
