using System.Security.Cryptography;

namespace DotSwan.Crypto;

/// <summary>
/// Key material in a pinned array (the GC never copies it) that is zeroed on <see cref="Dispose"/>.
/// Shared secrets, SKEYSEED, SK_* and KEYMAT live in these.
/// </summary>
public sealed class SecretBytes : IDisposable
{
    private readonly byte[] _bytes;
    private bool _disposed;

    /// <summary>Allocates a zeroed secret of <paramref name="length"/> bytes.</summary>
    public SecretBytes(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _bytes = GC.AllocateArray<byte>(length, pinned: true);
    }

    /// <summary>Copies <paramref name="source"/> into a new secret.</summary>
    public static SecretBytes CopyOf(ReadOnlySpan<byte> source)
    {
        var secret = new SecretBytes(source.Length);
        source.CopyTo(secret._bytes);
        return secret;
    }

    /// <summary>Length in bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>The bytes; valid until disposed.</summary>
    public Span<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes;
        }
    }

    /// <summary>The bytes, read-only.</summary>
    public ReadOnlySpan<byte> ReadOnlySpan => Span;

    /// <summary>Zeroes the bytes.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_bytes);
            _disposed = true;
        }
    }

    /// <summary>Never prints the bytes.</summary>
    public override string ToString() => $"SecretBytes({_bytes.Length} bytes)";
}
