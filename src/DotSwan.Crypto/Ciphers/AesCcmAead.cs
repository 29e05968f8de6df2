using System.Security.Cryptography;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// ENCR_AES_CCM_8, _12 and _16 (RFC 4309) over the BCL's AesCcm: key material is the AES key ‖ 3-byte salt,
/// nonce = salt ‖ 8-byte IV (11 bytes, so the CCM length field is 4 bytes). Our code allocates nothing per call,
/// but the BCL's AesCcm itself allocates 32 bytes per Encrypt/Decrypt (measured on .NET 10 / OpenSSL 3.0).
/// </summary>
public sealed class AesCcmAead : SaltedAead
{
    private readonly AesCcm _ccm;

    private AesCcmAead(EncryptionAlgorithm algorithm, ReadOnlySpan<byte> keyMaterial, int icvLength)
        : base(algorithm, keyMaterial.Length, icvLength, keyMaterial[^3..])
    {
        _ccm = new AesCcm(keyMaterial[..^3]);
    }

    /// <summary>Keys AES-CCM with 19, 27 or 35 bytes of key material (key ‖ salt).</summary>
    public static bool TryCreate(EncryptionAlgorithm algorithm, ReadOnlySpan<byte> keyMaterial, out AesCcmAead? aead, out CryptoError error)
    {
        aead = null;
        int icvLength = algorithm switch
        {
            EncryptionAlgorithm.AesCcm8 => 8,
            EncryptionAlgorithm.AesCcm12 => 12,
            EncryptionAlgorithm.AesCcm16 => 16,
            _ => 0,
        };
        if (icvLength == 0)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"{algorithm} is not AES-CCM");
            return false;
        }

        if (!TryCheckAesKeyMaterial("AES-CCM", keyMaterial, 3, out error))
        {
            return false;
        }

        aead = new AesCcmAead(algorithm, keyMaterial, icvLength);
        return true;
    }

    private protected override bool TrySealCore(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext, Span<byte> icv, out CryptoError error)
    {
        _ccm.Encrypt(nonce, plaintext, ciphertext, icv, associatedData);
        error = default;
        return true;
    }

    private protected override bool OpenCore(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> icv,
        ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        _ccm.Decrypt(nonce, ciphertext, icv, plaintext, associatedData);
        return true;
    }

    private protected override void DisposeCore() => _ccm.Dispose();
}
