using System.Security.Cryptography;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// A CBC-mode block cipher (AES, or legacy DES and 3DES) from the BCL, with padding left to the protocol
/// (RFC 3602 for AES; RFC 2405 and 2451 for DES and 3DES).
/// </summary>
/// <remarks>
/// One encryptor and one decryptor transform are kept for the life of the key: the BCL's one-shot EncryptCbc costs
/// about 0.9 µs of setup and 64 bytes per call. A CBC transform carries its chaining value from one call to the next,
/// and the packet's IV must replace it; rather than reset the transform (which allocates), the cipher remembers that
/// value (the previous call's last ciphertext block) and folds IV ⊕ carry into the first block: on encryption into the
/// plaintext, E(carry ⊕ P1 ⊕ IV ⊕ carry) = E(P1 ⊕ IV); on decryption into the output, D(C1) ⊕ carry ⊕ carry ⊕ IV.
/// AES uses libcrypto's EVP AES-CBC with cached contexts instead (<see cref="LibCryptoAesCbc"/>: faster, also 0 bytes) when
/// libcrypto is present, keeping the transforms for input and output that partially overlap, which libcrypto refuses.
/// DES and 3DES stay on the BCL transforms (0 bytes per call as well).
/// </remarks>
public sealed class CbcCipher : ICipher
{
    private const int ChunkBytes = 512;

    private readonly SymmetricAlgorithm _algorithm;
    private readonly ICryptoTransform _encryptor;
    private readonly ICryptoTransform _decryptor;
    private readonly byte[] _input = GC.AllocateArray<byte>(ChunkBytes, pinned: true);
    private readonly byte[] _output = GC.AllocateArray<byte>(ChunkBytes, pinned: true);
    private readonly byte[] _encryptCarry;
    private readonly byte[] _decryptCarry;
    private readonly LibCryptoAesCbc? _evp;

    private CbcCipher(EncryptionAlgorithm algorithm, SymmetricAlgorithm keyed, int keyLength, LibCryptoAesCbc? evp)
    {
        _evp = evp;
        Algorithm = algorithm;
        _algorithm = keyed;
        KeyLength = keyLength;
        BlockSize = keyed.BlockSize / 8;
        keyed.Mode = CipherMode.CBC;
        keyed.Padding = PaddingMode.None;
        keyed.IV = new byte[BlockSize];
        _encryptor = keyed.CreateEncryptor();
        _decryptor = keyed.CreateDecryptor();
        _encryptCarry = GC.AllocateArray<byte>(BlockSize, pinned: true);
        _decryptCarry = GC.AllocateArray<byte>(BlockSize, pinned: true);
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

        var evp = algorithm == EncryptionAlgorithm.AesCbc ? LibCryptoAesCbc.TryCreate(key) : null;
        cipher = new CbcCipher(algorithm, keyed, key.Length, evp);
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

        if (_evp is not null && !PartiallyOverlaps(plaintext, ciphertext))
        {
            return _evp.TryEncrypt(iv, plaintext, ciphertext) || Refused(ciphertext, out error);
        }

        bool first = true;
        while (!plaintext.IsEmpty)
        {
            int length = Math.Min(ChunkBytes, plaintext.Length);
            plaintext[..length].CopyTo(_input);
            if (first)
            {
                Xor(_input, iv, _encryptCarry);
                first = false;
            }

            _encryptor.TransformBlock(_input, 0, length, _output, 0);
            _output.AsSpan(0, length).CopyTo(ciphertext);
            _output.AsSpan(length - BlockSize, BlockSize).CopyTo(_encryptCarry);
            plaintext = plaintext[length..];
            ciphertext = ciphertext[length..];
        }

        CryptographicOperations.ZeroMemory(_input);
        return true;
    }

    /// <inheritdoc />
    public bool TryDecrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext, out CryptoError error)
    {
        if (!TryCheck(iv, ciphertext, plaintext, out error))
        {
            return false;
        }

        if (_evp is not null && !PartiallyOverlaps(ciphertext, plaintext))
        {
            return _evp.TryDecrypt(iv, ciphertext, plaintext) || Refused(plaintext, out error);
        }

        bool first = true;
        while (!ciphertext.IsEmpty)
        {
            int length = Math.Min(ChunkBytes, ciphertext.Length);
            ciphertext[..length].CopyTo(_input);
            _decryptor.TransformBlock(_input, 0, length, _output, 0);
            if (first)
            {
                Xor(_output, iv, _decryptCarry);
                first = false;
            }

            _output.AsSpan(0, length).CopyTo(plaintext);
            _input.AsSpan(length - BlockSize, BlockSize).CopyTo(_decryptCarry);
            ciphertext = ciphertext[length..];
            plaintext = plaintext[length..];
        }

        CryptographicOperations.ZeroMemory(_output);
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _evp?.Dispose();
        _encryptor.Dispose();
        _decryptor.Dispose();
        _algorithm.Dispose();
        CryptographicOperations.ZeroMemory(_input);
        CryptographicOperations.ZeroMemory(_output);
    }

    private static bool PartiallyOverlaps(ReadOnlySpan<byte> input, Span<byte> output) =>
        input.Overlaps(output, out int offset) && offset != 0;

    private bool Refused(Span<byte> output, out CryptoError error)
    {
        CryptographicOperations.ZeroMemory(output);
        error = new CryptoError(CryptoErrorKind.Unsupported, $"libcrypto refused {Algorithm}");
        return false;
    }

    private static void Xor(Span<byte> block, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> carry)
    {
        for (int i = 0; i < iv.Length; i++)
        {
            block[i] ^= (byte)(iv[i] ^ carry[i]);
        }
    }

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
