using static DotSwan.Crypto.Native.LibCryptoEvpAead;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// ENCR_CHACHA20_POLY1305 (RFC 7634) over libcrypto's EVP interface with one cached, keyed context for sealing and one for
/// opening: per packet only the nonce is set, which saves the per-call key setup the BCL's ChaCha20Poly1305 pays.
/// Key material is the 32-byte key ‖ 4-byte salt, nonce = salt ‖ 8-byte IV, 16-byte ICV.
/// Seal and Open allocate nothing. Not thread-safe: one instance per SA and thread, as <see cref="IAead"/> says.
/// IV uniqueness is the engine's job (ESP and IKE use the sequence or message number).
/// </summary>
public sealed class LibCryptoChaCha20Poly1305Aead : EvpKeyedAead
{
    private LibCryptoChaCha20Poly1305Aead(EvpCipherContextHandle seal, EvpCipherContextHandle open, ReadOnlySpan<byte> salt)
        : base(EncryptionAlgorithm.ChaCha20Poly1305, 36, 16, seal, open, salt)
    {
    }

    /// <summary>
    /// Keys ChaCha20-Poly1305 with 36 bytes of key material (key ‖ salt). Fails with <see cref="CryptoErrorKind.Unsupported"/>
    /// when libcrypto could not be loaded or lacks ChaCha20-Poly1305 (<see cref="TransformRegistry.ChaCha20Poly1305UsesLibCrypto"/>);
    /// the registry then uses the BCL's <see cref="ChaCha20Poly1305Aead"/> instead.
    /// </summary>
    public static bool TryCreate(ReadOnlySpan<byte> keyMaterial, out LibCryptoChaCha20Poly1305Aead? aead, out CryptoError error)
    {
        aead = null;
        if (keyMaterial.Length != 36)
        {
            error = new CryptoError(CryptoErrorKind.InvalidKeyLength, $"ChaCha20-Poly1305 key material is 36 bytes, got {keyMaterial.Length}");
            return false;
        }

        if (!EncryptionCatalog.ChaCha20Poly1305UsesLibCrypto)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, "libcrypto 3 with ChaCha20-Poly1305 could not be loaded");
            return false;
        }

        var key = keyMaterial[..32];
        if (!TryCreateContexts(EVP_chacha20_poly1305(), key, "a ChaCha20-Poly1305", out var seal, out var open, out error))
        {
            return false;
        }

        aead = new LibCryptoChaCha20Poly1305Aead(seal!, open!, keyMaterial[32..]);
        error = default;
        return true;
    }
}
