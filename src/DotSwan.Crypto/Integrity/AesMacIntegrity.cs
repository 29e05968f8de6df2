using System.Security.Cryptography;

namespace DotSwan.Crypto.Integrity;

/// <summary>AUTH_AES_XCBC_96 (RFC 3566) and AUTH_AES_CMAC_96 (RFC 4494): a 16-byte key and the MAC truncated to 12 bytes.</summary>
public sealed class AesMacIntegrity : IIntegrity
{
    private readonly IAesMac _mac;

    private AesMacIntegrity(IntegrityAlgorithm algorithm, IAesMac mac)
    {
        Algorithm = algorithm;
        _mac = mac;
    }

    /// <inheritdoc />
    public IntegrityAlgorithm Algorithm { get; }

    /// <inheritdoc />
    public int KeyLength => 16;

    /// <inheritdoc />
    public int IcvLength => 12;

    /// <summary>Keys AES-XCBC-96 or AES-CMAC-96 with a 16-byte key.</summary>
    public static bool TryCreate(IntegrityAlgorithm algorithm, ReadOnlySpan<byte> key, out AesMacIntegrity? integrity, out CryptoError error)
    {
        integrity = null;
        if (algorithm is not (IntegrityAlgorithm.AesXcbc96 or IntegrityAlgorithm.AesCmac96))
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"{algorithm} is not an AES MAC");
            return false;
        }

        if (key.Length != 16)
        {
            error = new CryptoError(CryptoErrorKind.InvalidKeyLength, $"{algorithm} needs a 16-byte key, got {key.Length}");
            return false;
        }

        IAesMac mac = algorithm == IntegrityAlgorithm.AesXcbc96 ? new AesXcbcMac() : new AesCmac();
        mac.SetKey(key);
        integrity = new AesMacIntegrity(algorithm, mac);
        error = default;
        return true;
    }

    /// <inheritdoc />
    public void Compute(ReadOnlySpan<byte> data, Span<byte> icv)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(icv.Length, IcvLength, nameof(icv));
        Span<byte> full = stackalloc byte[16];
        _mac.Compute(data, full);
        full[..IcvLength].CopyTo(icv);
    }

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> icv)
    {
        if (icv.Length != IcvLength)
        {
            return false;
        }

        Span<byte> full = stackalloc byte[16];
        _mac.Compute(data, full);
        return CryptographicOperations.FixedTimeEquals(full[..IcvLength], icv);
    }

    /// <inheritdoc />
    public void Dispose() => _mac.Dispose();
}
