using System.Buffers;
using System.Security.Cryptography;

namespace DotSwan.Crypto.Kdf;

/// <summary>
/// A work buffer for PRF inputs and key material: the caller's stack span when it is big enough, otherwise a pooled array.
/// It holds key material, so it is always zeroed before the memory goes back.
/// </summary>
internal readonly ref struct ScratchBuffer
{
    /// <summary>Largest PRF input we build; far above any real IKE seed (nonces ≤ 256 B each, KE secrets of a few kB).</summary>
    internal const int MaxLength = 1 << 20;

    private readonly byte[]? _rented;

    /// <summary>Uses <paramref name="stack"/> when it can hold <paramref name="length"/> bytes, else rents.</summary>
    public ScratchBuffer(int length, Span<byte> stack)
    {
        if (length <= stack.Length)
        {
            Span = stack[..length];
        }
        else
        {
            _rented = ArrayPool<byte>.Shared.Rent(length);
            Span = _rented.AsSpan(0, length);
        }
    }

    /// <summary>The whole buffer.</summary>
    public Span<byte> Span { get; }

    /// <summary>Zeroes the buffer and returns a rented array.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(Span);
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }
    }
}
