using DotSwan.Crypto.Ciphers;

namespace DotSwan.Crypto.Tests.Ciphers;

/// <summary>Creates AEADs straight from their types (the registry has its own tests).</summary>
internal static class TestAeads
{
    public static bool TryCreate(EncryptionAlgorithm algorithm, ReadOnlySpan<byte> key, out IAead? aead, out CryptoError error)
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
