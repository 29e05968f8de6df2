using System.Security.Cryptography;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// ENCR_CHACHA20_POLY1305 (RFC 7634) over the BCL's ChaCha20Poly1305: key material is the 32-byte key ‖ 4-byte salt,
/// nonce = salt ‖ 8-byte IV, 16-byte ICV. Seal and Open allocate nothing.
/// </summary>
public sealed class ChaCha20Poly1305Aead : IAead
{
    private readonly ChaCha20Poly1305 _aead;
    private readonly byte[] _salt = GC.AllocateArray<byte>(4, pinned: true);

    private ChaCha20Poly1305Aead(ReadOnlySpan<byte> keyMaterial)
    {
        _aead = new ChaCha20Poly1305(keyMaterial[..32]);
        keyMaterial[32..].CopyTo(_salt);
    }

    /// <inheritdoc />
    public EncryptionAlgorithm Algorithm => EncryptionAlgorithm.ChaCha20Poly1305;

    /// <inheritdoc />
    public int KeyLength => 36;

    /// <inheritdoc />
    public int IvLength => 8;

    /// <inheritdoc />
    public int IcvLength => 16;

    /// <summary>Keys ChaCha20-Poly1305 with 36 bytes of key material (key ‖ salt).</summary>
    public static bool TryCreate(ReadOnlySpan<byte> keyMaterial, out ChaCha20Poly1305Aead? aead, out CryptoError error)
    {
        if (!ChaCha20Poly1305.IsSupported)
        {
            aead = null;
            error = new CryptoError(CryptoErrorKind.Unsupported, "ChaCha20-Poly1305 is not available on this platform");
            return false;
        }

        if (keyMaterial.Length != 36)
        {
            aead = null;
            error = new CryptoError(CryptoErrorKind.InvalidKeyLength, $"ChaCha20-Poly1305 key material is 36 bytes, got {keyMaterial.Length}");
            return false;
        }

        aead = new ChaCha20Poly1305Aead(keyMaterial);
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
        _aead.Encrypt(nonce, plaintext, ciphertext, icv, associatedData);
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
            _aead.Decrypt(nonce, ciphertext, icv, plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            error = AeadChecks.AuthenticationFailed(Algorithm);
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _aead.Dispose();
        CryptographicOperations.ZeroMemory(_salt);
    }
}
