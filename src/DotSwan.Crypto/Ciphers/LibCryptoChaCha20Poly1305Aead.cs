using System.Security.Cryptography;
using static DotSwan.Crypto.Native.LibCryptoEvpAead;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// ENCR_CHACHA20_POLY1305 (RFC 7634) over libcrypto's EVP interface with one cached, keyed context for sealing and one for
/// opening: per packet only the nonce is set, which saves the per-call key setup the BCL's ChaCha20Poly1305 pays.
/// Key material is the 32-byte key ‖ 4-byte salt, nonce = salt ‖ 8-byte IV, 16-byte ICV.
/// Seal and Open allocate nothing. Not thread-safe: one instance per SA and thread, as <see cref="IAead"/> says.
/// IV uniqueness is the engine's job (ESP and IKE use the sequence or message number).
/// </summary>
public sealed unsafe class LibCryptoChaCha20Poly1305Aead : SaltedAead
{
    private const int NonceLength = 12;

    private readonly EvpCipherContextHandle _seal;
    private readonly EvpCipherContextHandle _open;

    private LibCryptoChaCha20Poly1305Aead(EvpCipherContextHandle seal, EvpCipherContextHandle open, ReadOnlySpan<byte> salt)
        : base(EncryptionAlgorithm.ChaCha20Poly1305, 36, 16, salt)
    {
        _seal = seal;
        _open = open;
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
        var seal = EvpCipherContextHandle.Create();
        var open = EvpCipherContextHandle.Create();
        if (!TryKey(seal, key, encrypt: true) || !TryKey(open, key, encrypt: false))
        {
            seal.Dispose();
            open.Dispose();
            error = new CryptoError(CryptoErrorKind.Unsupported, "libcrypto could not set up a ChaCha20-Poly1305 context");
            return false;
        }

        aead = new LibCryptoChaCha20Poly1305Aead(seal, open, keyMaterial[32..]);
        error = default;
        return true;
    }

    private protected override bool TrySealCore(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext, Span<byte> icv, out CryptoError error)
    {
        int written = 0;
        byte* final = stackalloc byte[16];
        fixed (byte* iv = nonce)
        fixed (byte* aad = associatedData)
        fixed (byte* input = plaintext)
        fixed (byte* output = ciphertext)
        fixed (byte* tag = icv)
        {
            if (EVP_EncryptInit_ex(_seal, 0, 0, null, iv) == 1
                && (associatedData.IsEmpty || EVP_EncryptUpdate(_seal, null, &written, aad, associatedData.Length) == 1)
                && (plaintext.IsEmpty || (EVP_EncryptUpdate(_seal, output, &written, input, plaintext.Length) == 1 && written == plaintext.Length))
                && EVP_EncryptFinal_ex(_seal, final, &written) == 1 && written == 0
                && EVP_CIPHER_CTX_ctrl(_seal, CtrlGetTag, icv.Length, tag) == 1)
            {
                error = default;
                return true;
            }
        }

        ERR_clear_error();
        CryptographicOperations.ZeroMemory(ciphertext);
        CryptographicOperations.ZeroMemory(icv);
        error = new CryptoError(CryptoErrorKind.Unsupported, $"libcrypto refused to seal with {Algorithm}");
        return false;
    }

    private protected override bool OpenCore(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> icv,
        ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        int written = 0;
        byte* final = stackalloc byte[16];
        bool verified;
        fixed (byte* iv = nonce)
        fixed (byte* aad = associatedData)
        fixed (byte* input = ciphertext)
        fixed (byte* output = plaintext)
        fixed (byte* tag = icv)
        {
            // EVP_DecryptFinal_ex is where ChaCha20-Poly1305 compares the tag (in constant time); its 1 is the authentication verdict.
            verified = EVP_DecryptInit_ex(_open, 0, 0, null, iv) == 1
                && (associatedData.IsEmpty || EVP_DecryptUpdate(_open, null, &written, aad, associatedData.Length) == 1)
                && (ciphertext.IsEmpty || (EVP_DecryptUpdate(_open, output, &written, input, ciphertext.Length) == 1 && written == ciphertext.Length))
                && EVP_CIPHER_CTX_ctrl(_open, CtrlSetTag, icv.Length, tag) == 1
                && EVP_DecryptFinal_ex(_open, final, &written) == 1 && written == 0;
        }

        if (!verified)
        {
            // libcrypto decrypts before it verifies; the base class clears the plaintext.
            ERR_clear_error();
        }

        return verified;
    }

    /// <summary>Frees both contexts; libcrypto cleanses the key schedules.</summary>
    private protected override void DisposeCore()
    {
        _seal.Dispose();
        _open.Dispose();
    }

    private static bool TryKey(EvpCipherContextHandle context, ReadOnlySpan<byte> key, bool encrypt)
    {
        if (context.IsInvalid)
        {
            return false;
        }

        nint cipher = EVP_chacha20_poly1305();
        fixed (byte* k = key)
        {
            // Cipher first, then the IV length, then the key: the order libcrypto's AEAD documentation gives.
            bool ok = encrypt
                ? EVP_EncryptInit_ex(context, cipher, 0, null, null) == 1
                    && EVP_CIPHER_CTX_ctrl(context, CtrlSetIvLength, NonceLength, null) == 1
                    && EVP_EncryptInit_ex(context, 0, 0, k, null) == 1
                : EVP_DecryptInit_ex(context, cipher, 0, null, null) == 1
                    && EVP_CIPHER_CTX_ctrl(context, CtrlSetIvLength, NonceLength, null) == 1
                    && EVP_DecryptInit_ex(context, 0, 0, k, null) == 1;
            if (!ok)
            {
                ERR_clear_error();
            }

            return ok;
        }
    }
}
