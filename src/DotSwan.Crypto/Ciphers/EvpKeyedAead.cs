using System.Security.Cryptography;
using static DotSwan.Crypto.Native.LibCryptoEvpAead;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// The libcrypto EVP AEADs (AES-GCM, ChaCha20-Poly1305) with one cached, keyed context: per packet only the 12-byte
/// nonce is set, with EVP_EncryptInit_ex to seal and EVP_DecryptInit_ex to open, which keeps the key (both ciphers
/// use the same key schedule in both directions). One context instead of one per direction: an SA seals or opens, rarely
/// both, and a keyed context costs about 1.3 KB of native memory (measured here), which matters with 100,000 SAs.
/// Subclasses choose the EVP cipher and check key material.
/// Not thread-safe: one instance per SA, direction and worker.
/// </summary>
public abstract unsafe class EvpKeyedAead : SaltedAead
{
    private const int NonceLength = 12;

    private readonly EvpCipherContextHandle _seal;
    private readonly EvpCipherContextHandle _open;

    private protected EvpKeyedAead(EncryptionAlgorithm algorithm, int keyLength, int icvLength, EvpCipherContextHandle seal, EvpCipherContextHandle open, ReadOnlySpan<byte> salt)
        : base(algorithm, keyLength, icvLength, salt)
    {
        _seal = seal;
        _open = open;
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
            // EVP_DecryptFinal_ex is where the AEAD compares the tag (in constant time); its 1 is the authentication verdict.
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

    /// <summary>Frees the context; libcrypto cleanses the key schedule.</summary>
    private protected override void DisposeCore()
    {
        _seal.Dispose();
        if (!ReferenceEquals(_open, _seal))
        {
            _open.Dispose();
        }
    }

    /// <summary>
    /// Makes the keyed context for <paramref name="cipher"/> (an EVP_CIPHER of libcrypto), returned as both
    /// <paramref name="seal"/> and <paramref name="open"/>; false with a typed error when libcrypto refuses.
    /// <paramref name="name"/> names the algorithm in that error.
    /// </summary>
    private protected static bool TryCreateContexts(nint cipher, ReadOnlySpan<byte> key, string name,
        out EvpCipherContextHandle? seal, out EvpCipherContextHandle? open, out CryptoError error)
    {
        seal = EvpCipherContextHandle.Create();
        open = seal;
        if (!TryKey(seal, cipher, key))
        {
            seal.Dispose();
            seal = open = null;
            error = new CryptoError(CryptoErrorKind.Unsupported, $"libcrypto could not set up {name} context");
            return false;
        }
        error = default;
        return true;
    }

    private static bool TryKey(EvpCipherContextHandle context, nint cipher, ReadOnlySpan<byte> key)
    {
        if (context.IsInvalid)
        {
            return false;
        }

        fixed (byte* k = key)
        {
            // Cipher first, then the IV length, then the key: the order libcrypto's AEAD documentation gives. Opening
            // later switches the context to decryption with EVP_DecryptInit_ex and no key, which keeps this one.
            bool ok = EVP_EncryptInit_ex(context, cipher, 0, null, null) == 1
                && EVP_CIPHER_CTX_ctrl(context, CtrlSetIvLength, NonceLength, null) == 1
                && EVP_EncryptInit_ex(context, 0, 0, k, null) == 1;
            if (!ok)
            {
                ERR_clear_error();
            }

            return ok;
        }
    }
}
