using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// ENCR_AES_GCM_8 (RFC 4106) over BouncyCastle, because the BCL's AesGcm refuses 8-byte tags and a verifier cannot
/// check a truncated tag through an API that only accepts the full one. Key material is the AES key ‖ 4-byte salt.
/// Each call allocates its BouncyCastle parameters (about 1 KB); the registry uses it only when libcrypto cannot be
/// loaded, otherwise GCM-8 goes through <see cref="LibCryptoAesGcmAead"/>, which allocates nothing.
/// BouncyCastle refuses to seal twice with the same IV under one key; that surfaces as <see cref="CryptoErrorKind.InvalidLength"/>.
/// </summary>
public sealed class AesGcm8Aead : SaltedAead
{
    private const int MacSizeBits = 64;

    private readonly GcmBlockCipher _gcm = new(AesUtilities.CreateEngine());
    private readonly KeyParameter _key;

    private AesGcm8Aead(ReadOnlySpan<byte> keyMaterial)
        : base(EncryptionAlgorithm.AesGcm8, keyMaterial.Length, 8, keyMaterial[^4..])
    {
        _key = new KeyParameter(keyMaterial[..^4]);
    }

    /// <summary>Keys AES-GCM-8 with 20, 28 or 36 bytes of key material (key ‖ salt).</summary>
    public static bool TryCreate(ReadOnlySpan<byte> keyMaterial, out AesGcm8Aead? aead, out CryptoError error)
    {
        if (!TryCheckAesKeyMaterial("AES-GCM", keyMaterial, 4, out error))
        {
            aead = null;
            return false;
        }

        aead = new AesGcm8Aead(keyMaterial);
        return true;
    }

    private protected override bool TrySealCore(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext, Span<byte> icv, out CryptoError error)
    {
        try
        {
            _gcm.Init(true, new AeadParameters(_key, MacSizeBits, nonce.ToArray()));
        }
        catch (ArgumentException)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, "AES-GCM-8 refused to reuse an IV under the same key");
            return false;
        }

        _gcm.ProcessAadBytes(associatedData);
        int written = _gcm.ProcessBytes(plaintext, ciphertext);

        // DoFinal emits the buffered tail of the ciphertext (under one block) followed by the tag.
        Span<byte> tail = stackalloc byte[32];
        int tailLength = _gcm.DoFinal(tail);
        tail[..(tailLength - IcvLength)].CopyTo(ciphertext[written..]);
        tail.Slice(tailLength - IcvLength, IcvLength).CopyTo(icv);
        error = default;
        return true;
    }

    private protected override bool OpenCore(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> icv,
        ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        _gcm.Init(false, new AeadParameters(_key, MacSizeBits, nonce.ToArray()));
        _gcm.ProcessAadBytes(associatedData);
        try
        {
            int written = _gcm.ProcessBytes(ciphertext, plaintext);
            written += _gcm.ProcessBytes(icv, plaintext[written..]);
            _gcm.DoFinal(plaintext[written..]);
            return true;
        }
        catch (InvalidCipherTextException)
        {
            // BouncyCastle decrypts before it verifies; the base class clears the plaintext.
            return false;
        }
    }

    /// <summary>Nothing to release: BouncyCastle keeps its own copy of the key schedule, which only the GC reclaims.</summary>
    private protected override void DisposeCore()
    {
    }
}
