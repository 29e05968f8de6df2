using System.Security.Cryptography;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// A CBC-mode block cipher (AES, or legacy DES and 3DES) from the BCL, with padding left to the protocol
/// (RFC 3602 for AES; RFC 2405 and 2451 for DES and 3DES). One keyed BCL instance is kept for the life of the key.
/// </summary>
public sealed class CbcCipher : ICipher
{
    private readonly SymmetricAlgorithm _algorithm;

    private CbcCipher(EncryptionAlgorithm algorithm, SymmetricAlgorithm keyed, int keyLength)
    {
        Algorithm = algorithm;
        _algorithm = keyed;
        KeyLength = keyLength;
        BlockSize = keyed.BlockSize / 8;
    }

    /// <inheritdoc />
    public EncryptionAlgorithm Algorithm { get; }

    /// <inheritdoc />
    public int KeyLength { get; }

    /// <inheritdoc />
    public int BlockSize { get; }

    /// <inheritdoc />
    public int IvLength => BlockSize;

    /// <summary>
    /// Keys a CBC cipher: <see cref="EncryptionAlgorithm.AesCbc"/> takes 16, 24 or 32 bytes,
    /// <see cref="EncryptionAlgorithm.Des"/> 8 and <see cref="EncryptionAlgorithm.TripleDes"/> 24.
    /// Weak DES/3DES keys are refused with <see cref="CryptoErrorKind.InvalidKeyLength"/>.
    /// </summary>
    public static bool TryCreate(EncryptionAlgorithm algorithm, ReadOnlySpan<byte> key, out CbcCipher? cipher, out CryptoError error)
    {
        cipher = null;
        SymmetricAlgorithm keyed;
        switch (algorithm)
        {
            case EncryptionAlgorithm.AesCbc when key.Length is 16 or 24 or 32:
                keyed = Aes.Create();
                break;
#pragma warning disable CA5350, CA5351 // DES and 3DES are legacy transforms that IKEv1 peers may be configured to require.
            case EncryptionAlgorithm.Des when key.Length == 8:
                keyed = DES.Create();
                break;
            case EncryptionAlgorithm.TripleDes when key.Length == 24:
                keyed = TripleDES.Create();
                break;
#pragma warning restore CA5350, CA5351
            case EncryptionAlgorithm.AesCbc or EncryptionAlgorithm.Des or EncryptionAlgorithm.TripleDes:
                error = new CryptoError(CryptoErrorKind.InvalidKeyLength, $"{algorithm} does not take a {key.Length}-byte key");
                return false;
            default:
                error = new CryptoError(CryptoErrorKind.Unsupported, $"{algorithm} is not a CBC cipher");
                return false;
        }

        try
        {
            keyed.SetKey(key);
        }
        catch (CryptographicException)
        {
            // DES and TripleDES refuse known weak (and for 3DES degenerate K1 = K2 or K2 = K3) keys.
            keyed.Dispose();
            error = new CryptoError(CryptoErrorKind.InvalidKeyLength, $"{algorithm} refused the key as weak");
            return false;
        }

        cipher = new CbcCipher(algorithm, keyed, key.Length);
        error = default;
        return true;
    }

    /// <inheritdoc />
    public bool TryEncrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, out CryptoError error)
    {
        if (!TryCheck(iv, plaintext, ciphertext, out error))
        {
            return false;
        }

        _algorithm.EncryptCbc(plaintext, iv, ciphertext, PaddingMode.None);
        return true;
    }

    /// <inheritdoc />
    public bool TryDecrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext, out CryptoError error)
    {
        if (!TryCheck(iv, ciphertext, plaintext, out error))
        {
            return false;
        }

        _algorithm.DecryptCbc(ciphertext, iv, plaintext, PaddingMode.None);
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _algorithm.Dispose();

    private bool TryCheck(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output, out CryptoError error)
    {
        if (iv.Length != IvLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"{Algorithm} needs a {IvLength}-byte IV, got {iv.Length}");
            return false;
        }

        if (input.Length % BlockSize != 0)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"{Algorithm} input of {input.Length} bytes is not a multiple of {BlockSize}");
            return false;
        }

        if (output.Length != input.Length)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"output is {output.Length} bytes, input {input.Length}");
            return false;
        }

        error = default;
        return true;
    }
}
