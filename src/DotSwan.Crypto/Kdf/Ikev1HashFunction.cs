using System.Security.Cryptography;

namespace DotSwan.Crypto.Kdf;

/// <summary>
/// The hash function an IKEv1 SA negotiated (Hash Algorithm attribute), used bare (not as HMAC) for the phase 1 and
/// Quick Mode IVs and for SKEYID with public key encryption (RFC 2409 §5, Appendix B).
/// </summary>
public sealed class Ikev1HashFunction
{
    /// <summary>Longest digest accepted (digests are handled on the stack).</summary>
    public const int MaxLength = 128;

    private readonly HashDataFunction _hashData;

    /// <summary>Wraps a one-shot hash with a digest of <paramref name="length"/> bytes (at most <see cref="MaxLength"/>).</summary>
    public Ikev1HashFunction(string name, int length, HashDataFunction hashData)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
        ArgumentNullException.ThrowIfNull(hashData);
        Name = name;
        Length = length;
        _hashData = hashData;
    }

    // MD5 and SHA-1 are IKEv1 hash ids 1 and 2, still deployed; the choice is the peer's policy, not ours.
#pragma warning disable CA5350, CA5351
    /// <summary>MD5 (IKEv1 hash id 1).</summary>
    public static Ikev1HashFunction Md5 { get; } = new("MD5", MD5.HashSizeInBytes, MD5.HashData);

    /// <summary>SHA-1 (IKEv1 hash id 2).</summary>
    public static Ikev1HashFunction Sha1 { get; } = new("SHA-1", SHA1.HashSizeInBytes, SHA1.HashData);
#pragma warning restore CA5350, CA5351

    /// <summary>SHA2-256 (IKEv1 hash id 4).</summary>
    public static Ikev1HashFunction Sha256 { get; } = new("SHA2-256", SHA256.HashSizeInBytes, SHA256.HashData);

    /// <summary>SHA2-384 (IKEv1 hash id 5).</summary>
    public static Ikev1HashFunction Sha384 { get; } = new("SHA2-384", SHA384.HashSizeInBytes, SHA384.HashData);

    /// <summary>SHA2-512 (IKEv1 hash id 6).</summary>
    public static Ikev1HashFunction Sha512 { get; } = new("SHA2-512", SHA512.HashSizeInBytes, SHA512.HashData);

    /// <summary>A display name.</summary>
    public string Name { get; }

    /// <summary>Digest length in bytes.</summary>
    public int Length { get; }

    /// <summary>Hashes <paramref name="source"/> into the first <see cref="Length"/> bytes of <paramref name="destination"/>.</summary>
    public void Compute(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int written = _hashData(source, destination[..Length]);
        if (written != Length)
        {
            throw new CryptographicException($"{Name} wrote {written} bytes instead of {Length}");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
