using DotSwan.Crypto.Native;

namespace DotSwan.Crypto.Ciphers;

/// <summary>Sizes of every encryption transform we implement, by IANA id and Key Length attribute, and the factories behind them.</summary>
internal static class EncryptionCatalog
{
    /// <summary>
    /// Whether AES-GCM goes through libcrypto with cached contexts (<see cref="LibCryptoAesGcmAead"/>): probed once, here,
    /// so that a missing libcrypto (not Linux, no OpenSSL 3) falls back to the BCL and BouncyCastle without throwing later.
    /// </summary>
    public static bool GcmUsesLibCrypto { get; } = LibCryptoEvpAead.Probe();

    /// <summary>
    /// Whether ChaCha20-Poly1305 goes through libcrypto with cached contexts (<see cref="LibCryptoChaCha20Poly1305Aead"/>);
    /// otherwise the BCL's <see cref="ChaCha20Poly1305Aead"/> serves it.
    /// </summary>
    public static bool ChaCha20Poly1305UsesLibCrypto { get; } = GcmUsesLibCrypto && LibCryptoEvpAead.ProbeChaCha20Poly1305();

    /// <summary>Describes (algorithm, key length); <paramref name="keyLengthBits"/> 0 means "no Key Length attribute".</summary>
    public static bool TryDescribe(EncryptionAlgorithm algorithm, int keyLengthBits, out EncryptionTransformInfo info, out CryptoError error)
    {
        info = default;
        bool aesLength = keyLengthBits is 128 or 192 or 256;
        int aesKeyBytes = keyLengthBits / 8;
        switch (algorithm)
        {
            case EncryptionAlgorithm.Des when keyLengthBits is 0 or 64:
                info = new(algorithm, 64, 8, 8, 8, 0, IsAead: false, IsLegacy: true);
                break;
            case EncryptionAlgorithm.TripleDes when keyLengthBits is 0 or 192:
                info = new(algorithm, 192, 24, 8, 8, 0, IsAead: false, IsLegacy: true);
                break;
            case EncryptionAlgorithm.Null when keyLengthBits == 0:
                info = new(algorithm, 0, 0, 0, 1, 0, IsAead: false, IsLegacy: false);
                break;
            case EncryptionAlgorithm.AesCbc when aesLength:
                info = new(algorithm, keyLengthBits, aesKeyBytes, 16, 16, 0, IsAead: false, IsLegacy: false);
                break;
            case EncryptionAlgorithm.AesCtr when aesLength:
                info = new(algorithm, keyLengthBits, aesKeyBytes + 4, 8, 1, 0, IsAead: false, IsLegacy: false);
                break;
            case EncryptionAlgorithm.AesGcm8 or EncryptionAlgorithm.AesGcm12 or EncryptionAlgorithm.AesGcm16 when aesLength:
                info = new(algorithm, keyLengthBits, aesKeyBytes + 4, 8, 1, GcmIcvLength(algorithm), IsAead: true, IsLegacy: false);
                break;
            case EncryptionAlgorithm.AesCcm8 or EncryptionAlgorithm.AesCcm12 or EncryptionAlgorithm.AesCcm16 when aesLength:
                info = new(algorithm, keyLengthBits, aesKeyBytes + 3, 8, 1, CcmIcvLength(algorithm), IsAead: true, IsLegacy: false);
                break;

            // RFC 7634 §2: the Key Length attribute is not sent for ChaCha20-Poly1305; accept an explicit 256 too.
            case EncryptionAlgorithm.ChaCha20Poly1305 when keyLengthBits is 0 or 256:
                info = new(algorithm, 256, 36, 8, 1, 16, IsAead: true, IsLegacy: false);
                break;
            case EncryptionAlgorithm.Des or EncryptionAlgorithm.TripleDes or EncryptionAlgorithm.Null or EncryptionAlgorithm.AesCbc
                or EncryptionAlgorithm.AesCtr or EncryptionAlgorithm.AesGcm8 or EncryptionAlgorithm.AesGcm12 or EncryptionAlgorithm.AesGcm16
                or EncryptionAlgorithm.AesCcm8 or EncryptionAlgorithm.AesCcm12 or EncryptionAlgorithm.AesCcm16 or EncryptionAlgorithm.ChaCha20Poly1305:
                error = new CryptoError(CryptoErrorKind.Unsupported, $"{algorithm} does not take a key length of {keyLengthBits} bits");
                return false;
            default:
                error = new CryptoError(CryptoErrorKind.Unsupported, $"encryption transform {(ushort)algorithm} is not implemented");
                return false;
        }

        error = default;
        return true;
    }

    /// <summary>Whether the id names a combined-mode (AEAD) transform, whatever its key length.</summary>
    public static bool IsAead(EncryptionAlgorithm algorithm) => algorithm is EncryptionAlgorithm.AesGcm8 or EncryptionAlgorithm.AesGcm12
        or EncryptionAlgorithm.AesGcm16 or EncryptionAlgorithm.AesCcm8 or EncryptionAlgorithm.AesCcm12 or EncryptionAlgorithm.AesCcm16
        or EncryptionAlgorithm.ChaCha20Poly1305;

    /// <summary>Creates the cipher for a described non-AEAD transform; the key length was checked by the caller.</summary>
    public static bool TryCreateCipher(in EncryptionTransformInfo info, ReadOnlySpan<byte> key, out ICipher? cipher, out CryptoError error)
    {
        bool ok;
        switch (info.Algorithm)
        {
            case EncryptionAlgorithm.Null:
                cipher = new NullCipher();
                error = default;
                return true;
            case EncryptionAlgorithm.AesCtr:
                ok = AesCtrCipher.TryCreate(key, out var ctr, out error);
                cipher = ctr;
                return ok;
            default:
                ok = CbcCipher.TryCreate(info.Algorithm, key, out var cbc, out error);
                cipher = cbc;
                return ok;
        }
    }

    /// <summary>Creates the AEAD for a described combined-mode transform; the key length was checked by the caller.</summary>
    public static bool TryCreateAead(in EncryptionTransformInfo info, ReadOnlySpan<byte> key, out IAead? aead, out CryptoError error)
    {
        bool ok;
        switch (info.Algorithm)
        {
            case EncryptionAlgorithm.AesGcm8 or EncryptionAlgorithm.AesGcm12 or EncryptionAlgorithm.AesGcm16 when GcmUsesLibCrypto:
                ok = LibCryptoAesGcmAead.TryCreate(info.Algorithm, key, out var evpGcm, out error);
                aead = evpGcm;
                return ok;
            case EncryptionAlgorithm.AesGcm8:
                ok = AesGcm8Aead.TryCreate(key, out var gcm8, out error);
                aead = gcm8;
                return ok;
            case EncryptionAlgorithm.AesGcm12 or EncryptionAlgorithm.AesGcm16:
                ok = AesGcmAead.TryCreate(info.Algorithm, key, out var gcm, out error);
                aead = gcm;
                return ok;
            case EncryptionAlgorithm.ChaCha20Poly1305 when ChaCha20Poly1305UsesLibCrypto:
                ok = LibCryptoChaCha20Poly1305Aead.TryCreate(key, out var evpChaCha, out error);
                aead = evpChaCha;
                return ok;
            case EncryptionAlgorithm.ChaCha20Poly1305:
                ok = ChaCha20Poly1305Aead.TryCreate(key, out var chacha, out error);
                aead = chacha;
                return ok;
            default:
                ok = AesCcmAead.TryCreate(info.Algorithm, key, out var ccm, out error);
                aead = ccm;
                return ok;
        }
    }

    private static int GcmIcvLength(EncryptionAlgorithm algorithm) => algorithm switch
    {
        EncryptionAlgorithm.AesGcm8 => 8,
        EncryptionAlgorithm.AesGcm12 => 12,
        _ => 16,
    };

    private static int CcmIcvLength(EncryptionAlgorithm algorithm) => algorithm switch
    {
        EncryptionAlgorithm.AesCcm8 => 8,
        EncryptionAlgorithm.AesCcm12 => 12,
        _ => 16,
    };
}
