using System.Security.Cryptography;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// ENCR_AES_CCM_8, _12 and _16 (RFC 4309) over the BCL's AesCcm: key material is the AES key ‖ 3-byte salt,
/// nonce = salt ‖ 8-byte IV (11 bytes, so the CCM length field is 4 bytes). Our code allocates nothing per call,
/// but the BCL's AesCcm itself allocates 32 bytes per Encrypt/Decrypt (measured on .NET 10 / OpenSSL 3.0).
/// </summary>
public sealed class AesCcmAead : IAead
{
    private readonly AesCcm _ccm;
    private readonly byte[] _salt = GC.AllocateArray<byte>(3, pinned: true);

    private AesCcmAead(EncryptionAlgorithm algorithm, ReadOnlySpan<byte> keyMaterial, int icvLength)
    {
        Algorithm = algorithm;
        KeyLength = keyMaterial.Length;
        IcvLength = icvLength;
        _ccm = new AesCcm(keyMaterial[..^3]);
        keyMaterial[^3..].CopyTo(_salt);
    }

    /// <inheritdoc />
    public EncryptionAlgorithm Algorithm { get; }

    /// <inheritdoc />
    public int KeyLength { get; }

    /// <inheritdoc />
    public int IvLength => 8;

    /// <inheritdoc />
    public int IcvLength { get; }

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

        if (keyMaterial.Length is not (19 or 27 or 35))
        {
            error = new CryptoError(CryptoErrorKind.InvalidKeyLength, $"AES-CCM key material is 19, 27 or 35 bytes, got {keyMaterial.Length}");
            return false;
        }

        aead = new AesCcmAead(algorithm, keyMaterial, icvLength);
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

        Span<byte> nonce = stackalloc byte[11];
        _salt.CopyTo(nonce);
        iv.CopyTo(nonce[3..]);
        _ccm.Encrypt(nonce, plaintext, ciphertext, icv, associatedData);
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

        Span<byte> nonce = stackalloc byte[11];
        _salt.CopyTo(nonce);
        iv.CopyTo(nonce[3..]);
        try
        {
            _ccm.Decrypt(nonce, ciphertext, icv, plaintext, associatedData);
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
        _ccm.Dispose();
        CryptographicOperations.ZeroMemory(_salt);
    }
}
