using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// ENCR_AES_CTR (RFC 3686): key material is the AES key followed by a 4-byte nonce; each counter block is
/// nonce ‖ 8-byte IV ‖ 32-bit big-endian block counter starting at 1. The keystream comes from one reused AES-ECB
/// transform (a one-shot ECB call costs about 0.9 µs of setup, the reused transform a fraction of that).
/// </summary>
public sealed class AesCtrCipher : ICipher
{
    private const int ChunkBlocks = 32;
    private const int ChunkBytes = ChunkBlocks * 16;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _nonce = GC.AllocateArray<byte>(4, pinned: true);
    private readonly byte[] _counterBlocks = GC.AllocateArray<byte>(ChunkBytes, pinned: true);
    private readonly byte[] _keystream = GC.AllocateArray<byte>(ChunkBytes, pinned: true);

    private AesCtrCipher(ReadOnlySpan<byte> keyMaterial)
    {
        KeyLength = keyMaterial.Length;
        _aes = Aes.Create();
        _aes.SetKey(keyMaterial[..^4]);
        keyMaterial[^4..].CopyTo(_nonce);
#pragma warning disable CA5358 // ECB is only the keystream generator of CTR mode here.
        _aes.Mode = CipherMode.ECB;
#pragma warning restore CA5358
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <inheritdoc />
    public EncryptionAlgorithm Algorithm => EncryptionAlgorithm.AesCtr;

    /// <inheritdoc />
    public int KeyLength { get; }

    /// <inheritdoc />
    public int BlockSize => 1;

    /// <inheritdoc />
    public int IvLength => 8;

    /// <summary>Keys AES-CTR with 20, 28 or 36 bytes of key material (AES-128/192/256 key ‖ 4-byte nonce).</summary>
    public static bool TryCreate(ReadOnlySpan<byte> keyMaterial, out AesCtrCipher? cipher, out CryptoError error)
    {
        if (keyMaterial.Length is not (20 or 28 or 36))
        {
            cipher = null;
            error = new CryptoError(CryptoErrorKind.InvalidKeyLength, $"AES-CTR key material is 20, 28 or 36 bytes, got {keyMaterial.Length}");
            return false;
        }

        cipher = new AesCtrCipher(keyMaterial);
        error = default;
        return true;
    }

    /// <inheritdoc />
    public bool TryEncrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, out CryptoError error)
        => TryTransform(iv, plaintext, ciphertext, out error);

    /// <inheritdoc />
    public bool TryDecrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext, out CryptoError error)
        => TryTransform(iv, ciphertext, plaintext, out error);

    /// <inheritdoc />
    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_nonce);
        CryptographicOperations.ZeroMemory(_keystream);
    }

    private bool TryTransform(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output, out CryptoError error)
    {
        if (iv.Length != IvLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"AES-CTR needs an 8-byte IV, got {iv.Length}");
            return false;
        }

        if (output.Length != input.Length)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"output is {output.Length} bytes, input {input.Length}");
            return false;
        }

        // RFC 3686 §4: the 32-bit counter may not wrap within one packet.
        if ((long)input.Length > 16L * uint.MaxValue)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, "AES-CTR input too long for one IV");
            return false;
        }

        for (int block = 0; block < ChunkBlocks; block++)
        {
            var counterBlock = _counterBlocks.AsSpan(block * 16, 16);
            _nonce.CopyTo(counterBlock);
            iv.CopyTo(counterBlock[4..]);
        }

        uint counter = 1;
        while (!input.IsEmpty)
        {
            int length = Math.Min(ChunkBytes, input.Length);
            int blocks = (length + 15) / 16;
            for (int block = 0; block < blocks; block++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(_counterBlocks.AsSpan((block * 16) + 12, 4), counter++);
            }

            _ecb.TransformBlock(_counterBlocks, 0, blocks * 16, _keystream, 0);
            Xor(input[..length], _keystream.AsSpan(0, length), output);

            input = input[length..];
            output = output[length..];
        }

        error = default;
        return true;
    }

    private static void Xor(ReadOnlySpan<byte> data, ReadOnlySpan<byte> keystream, Span<byte> output)
    {
        int i = 0;
        for (; i <= data.Length - Vector<byte>.Count; i += Vector<byte>.Count)
        {
            (new Vector<byte>(data[i..]) ^ new Vector<byte>(keystream[i..])).CopyTo(output[i..]);
        }

        for (; i < data.Length; i++)
        {
            output[i] = (byte)(data[i] ^ keystream[i]);
        }
    }
}
