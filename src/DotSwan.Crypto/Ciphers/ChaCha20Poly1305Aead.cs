using System.Security.Cryptography;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// ENCR_CHACHA20_POLY1305 (RFC 7634) over the BCL's ChaCha20Poly1305: key material is the 32-byte key ‖ 4-byte salt,
/// nonce = salt ‖ 8-byte IV, 16-byte ICV. Seal and Open allocate nothing.
/// </summary>
public sealed class ChaCha20Poly1305Aead : SaltedAead
{
    private readonly ChaCha20Poly1305 _aead;

    private ChaCha20Poly1305Aead(ReadOnlySpan<byte> keyMaterial)
        : base(EncryptionAlgorithm.ChaCha20Poly1305, 36, 16, keyMaterial[32..])
    {
        _aead = new ChaCha20Poly1305(keyMaterial[..32]);
    }

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

    private protected override bool TrySealCore(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext, Span<byte> icv, out CryptoError error)
    {
        _aead.Encrypt(nonce, plaintext, ciphertext, icv, associatedData);
        error = default;
        return true;
    }

    private protected override bool OpenCore(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> icv,
        ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        _aead.Decrypt(nonce, ciphertext, icv, plaintext, associatedData);
        return true;
    }

    private protected override void DisposeCore() => _aead.Dispose();
}
