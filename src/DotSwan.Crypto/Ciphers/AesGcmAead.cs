using System.Security.Cryptography;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// ENCR_AES_GCM_16 and ENCR_AES_GCM_12 (RFC 4106, RFC 5282) over the BCL's AesGcm (AES-NI through OpenSSL):
/// key material is the AES key ‖ 4-byte salt, nonce = salt ‖ 8-byte IV. Seal and Open allocate nothing.
/// The registry uses it only when libcrypto cannot be loaded: <see cref="LibCryptoAesGcmAead"/> keeps its key set up
/// between packets and took about half the CPU time per 1400-byte packet when measured here.
/// </summary>
public sealed class AesGcmAead : IAead
{
    private readonly AesGcm _gcm;
    private readonly byte[] _salt = GC.AllocateArray<byte>(4, pinned: true);

    private AesGcmAead(EncryptionAlgorithm algorithm, ReadOnlySpan<byte> keyMaterial, int icvLength)
    {
        Algorithm = algorithm;
        KeyLength = keyMaterial.Length;
        IcvLength = icvLength;
        _gcm = new AesGcm(keyMaterial[..^4], icvLength);
        keyMaterial[^4..].CopyTo(_salt);
    }

    /// <inheritdoc />
    public EncryptionAlgorithm Algorithm { get; }

    /// <inheritdoc />
    public int KeyLength { get; }

    /// <inheritdoc />
    public int IvLength => 8;

    /// <inheritdoc />
    public int IcvLength { get; }

    /// <summary>Keys AES-GCM-16 or -12 with 20, 28 or 36 bytes of key material (key ‖ salt).</summary>
    public static bool TryCreate(EncryptionAlgorithm algorithm, ReadOnlySpan<byte> keyMaterial, out AesGcmAead? aead, out CryptoError error)
    {
        aead = null;
        int icvLength = algorithm switch
        {
            EncryptionAlgorithm.AesGcm16 => 16,
            EncryptionAlgorithm.AesGcm12 => 12,
            _ => 0,
        };
        if (icvLength == 0)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"{algorithm} is not served by the BCL AES-GCM");
            return false;
        }

        if (keyMaterial.Length is not (20 or 28 or 36))
        {
            error = new CryptoError(CryptoErrorKind.InvalidKeyLength, $"AES-GCM key material is 20, 28 or 36 bytes, got {keyMaterial.Length}");
            return false;
        }

        aead = new AesGcmAead(algorithm, keyMaterial, icvLength);
        error = default;
        return true;
    }

    /// <inheritdoc />
    public bool TrySeal(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext, Span<byte> icv, out CryptoError error)
    {
        if (!AeadChecks.TryCheck(this, iv, plaintext.Length, ciphertext.Length, icv.Length, out error))
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[12];
        _salt.CopyTo(nonce);
        iv.CopyTo(nonce[4..]);
        _gcm.Encrypt(nonce, plaintext, ciphertext, icv, associatedData);
        return true;
    }

    /// <inheritdoc />
    public bool TryOpen(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> icv, ReadOnlySpan<byte> associatedData,
        Span<byte> plaintext, out CryptoError error)
    {
        if (!AeadChecks.TryCheck(this, iv, ciphertext.Length, plaintext.Length, icv.Length, out error))
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[12];
        _salt.CopyTo(nonce);
        iv.CopyTo(nonce[4..]);
        try
        {
            _gcm.Decrypt(nonce, ciphertext, icv, plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // The BCL has already cleared the plaintext buffer.
            error = AeadChecks.AuthenticationFailed(Algorithm);
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _gcm.Dispose();
        CryptographicOperations.ZeroMemory(_salt);
    }
}
