using DotSwan.Crypto.Ciphers;

namespace DotSwan.Crypto.Tests.Ciphers;

/// <summary>Creates AEADs straight from their types (the registry has its own tests).</summary>
internal static class TestAeads
{
    /// <summary>Creates the implementation the registry uses for <paramref name="algorithm"/> (libcrypto for AES-GCM and ChaCha20-Poly1305).</summary>
    public static bool TryCreate(EncryptionAlgorithm algorithm, ReadOnlySpan<byte> key, out IAead? aead, out CryptoError error)
    {
        bool ok;
        switch (algorithm)
        {
            case EncryptionAlgorithm.AesGcm16 or EncryptionAlgorithm.AesGcm12 or EncryptionAlgorithm.AesGcm8:
                ok = LibCryptoAesGcmAead.TryCreate(algorithm, key, out var evp, out error);
                aead = evp;
                return ok;
            case EncryptionAlgorithm.ChaCha20Poly1305 when TransformRegistry.ChaCha20Poly1305UsesLibCrypto:
                ok = LibCryptoChaCha20Poly1305Aead.TryCreate(key, out var evpChaCha, out error);
                aead = evpChaCha;
                return ok;
            default:
                return TryCreateFallback(algorithm, key, out aead, out error);
        }
    }

    /// <summary>
    /// Every implementation of <paramref name="algorithm"/>: for AES-GCM the libcrypto one and the fallback
    /// (BCL for ICV 12 and 16, BouncyCastle for ICV 8) the registry uses when libcrypto cannot be loaded; for
    /// ChaCha20-Poly1305 the libcrypto one and the BCL one.
    /// </summary>
    public static List<IAead> CreateAll(EncryptionAlgorithm algorithm, ReadOnlySpan<byte> key)
    {
        var all = new List<IAead>();
        Assert.True(TryCreate(algorithm, key, out var primary, out var error), error.ToString());
        all.Add(primary!);
        if (primary is LibCryptoAesGcmAead or LibCryptoChaCha20Poly1305Aead)
        {
            Assert.True(TryCreateFallback(algorithm, key, out var fallback, out error), error.ToString());
            all.Add(fallback!);
        }

        return all;
    }

    /// <summary>Creates the implementation without libcrypto's EVP interface.</summary>
    public static bool TryCreateFallback(EncryptionAlgorithm algorithm, ReadOnlySpan<byte> key, out IAead? aead, out CryptoError error)
    {
        bool ok;
        switch (algorithm)
        {
            case EncryptionAlgorithm.AesGcm16 or EncryptionAlgorithm.AesGcm12:
                ok = AesGcmAead.TryCreate(algorithm, key, out var gcm, out error);
                aead = gcm;
                return ok;
            case EncryptionAlgorithm.AesGcm8:
                ok = AesGcm8Aead.TryCreate(key, out var gcm8, out error);
                aead = gcm8;
                return ok;
            case EncryptionAlgorithm.ChaCha20Poly1305:
                ok = ChaCha20Poly1305Aead.TryCreate(key, out var chacha, out error);
                aead = chacha;
                return ok;
            default:
                ok = AesCcmAead.TryCreate(algorithm, key, out var ccm, out error);
                aead = ccm;
                return ok;
        }
    }
}
