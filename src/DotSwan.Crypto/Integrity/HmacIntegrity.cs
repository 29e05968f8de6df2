using System.Security.Cryptography;

namespace DotSwan.Crypto.Integrity;

/// <summary>
/// AUTH_HMAC_MD5_96, AUTH_HMAC_SHA1_96 (RFC 2403, 2404) and AUTH_HMAC_SHA2_256_128, _384_192, _512_256 (RFC 4868):
/// the key is as long as the hash output and the ICV is the HMAC truncated to half (SHA-2) or 96 bits.
/// One IncrementalHash is reused per instance, so a call allocates nothing.
/// </summary>
public sealed class HmacIntegrity : IIntegrity
{
    private readonly IncrementalHash _hmac;
    private readonly int _hashLength;

    private HmacIntegrity(IntegrityAlgorithm algorithm, HashAlgorithmName hash, int hashLength, int icvLength, ReadOnlySpan<byte> key)
    {
        Algorithm = algorithm;
        KeyLength = key.Length;
        IcvLength = icvLength;
        _hashLength = hashLength;
        _hmac = IncrementalHash.CreateHMAC(hash, key);
    }

    /// <inheritdoc />
    public IntegrityAlgorithm Algorithm { get; }

    /// <inheritdoc />
    public int KeyLength { get; }

    /// <inheritdoc />
    public int IcvLength { get; }

    /// <summary>Keys an HMAC integrity transform; the key must have the length RFC 2403/2404/4868 fix (16, 20, 32, 48 or 64 bytes).</summary>
    public static bool TryCreate(IntegrityAlgorithm algorithm, ReadOnlySpan<byte> key, out HmacIntegrity? integrity, out CryptoError error)
    {
        integrity = null;
        (HashAlgorithmName hash, int hashLength, int icvLength) = algorithm switch
        {
            IntegrityAlgorithm.HmacMd596 => (HashAlgorithmName.MD5, 16, 12),
            IntegrityAlgorithm.HmacSha196 => (HashAlgorithmName.SHA1, 20, 12),
            IntegrityAlgorithm.HmacSha256128 => (HashAlgorithmName.SHA256, 32, 16),
            IntegrityAlgorithm.HmacSha384192 => (HashAlgorithmName.SHA384, 48, 24),
            IntegrityAlgorithm.HmacSha512256 => (HashAlgorithmName.SHA512, 64, 32),
            _ => (default, 0, 0),
        };
        if (hashLength == 0)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"{algorithm} is not an HMAC integrity transform");
            return false;
        }

        if (key.Length != hashLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidKeyLength, $"{algorithm} needs a {hashLength}-byte key, got {key.Length}");
            return false;
        }

        integrity = new HmacIntegrity(algorithm, hash, hashLength, icvLength, key);
        error = default;
        return true;
    }

    /// <inheritdoc />
    public void Compute(ReadOnlySpan<byte> data, Span<byte> icv)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(icv.Length, IcvLength, nameof(icv));
        Span<byte> full = stackalloc byte[64];
        _hmac.AppendData(data);
        _hmac.GetHashAndReset(full[.._hashLength]);
        full[..IcvLength].CopyTo(icv);
    }

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> icv)
    {
        if (icv.Length != IcvLength)
        {
            return false;
        }

        Span<byte> full = stackalloc byte[64];
        _hmac.AppendData(data);
        _hmac.GetHashAndReset(full[.._hashLength]);
        return CryptographicOperations.FixedTimeEquals(full[..IcvLength], icv);
    }

    /// <inheritdoc />
    public void Dispose() => _hmac.Dispose();
}
