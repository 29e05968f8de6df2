using System.Security.Cryptography;

namespace DotSwan.Crypto.Integrity;

/// <summary>
/// The CBC-MAC chain shared by AES-XCBC and AES-CMAC, including their common last-block padding and masking (only the
/// subkeys differ): a reused AES-CBC encryptor keeps the last ciphertext block. Reusing the transform avoids the per-call setup of
/// the BCL's one-shot methods. The transform's chaining value carries over between messages, and resetting it
/// allocates, so the chain remembers that value (<c>_carry</c>) and XORs it into the next message's first block,
/// which is the same as starting that message from a zero IV.
/// </summary>
internal sealed class AesCbcMacChain : IDisposable
{
    private const int ChunkBytes = 512;

    private readonly Aes _aes = Aes.Create();
    private readonly byte[] _input = GC.AllocateArray<byte>(ChunkBytes, pinned: true);
    private readonly byte[] _output = GC.AllocateArray<byte>(ChunkBytes, pinned: true);
    private readonly byte[] _carry = GC.AllocateArray<byte>(16, pinned: true);
    private ICryptoTransform? _cbc;

    /// <summary>Keys the chain; <paramref name="key"/> is 16 bytes.</summary>
    public void SetKey(ReadOnlySpan<byte> key)
    {
        _cbc?.Dispose();
        _aes.SetKey(key);
        _aes.Mode = CipherMode.CBC;
        _aes.Padding = PaddingMode.None;

        // CBC-MAC starts from a zero IV. CreateEncryptor() without arguments uses the key already set, so no
        // extra managed copy of the key is made (the Key getter would return one).
        _aes.IV = new byte[16];
        _cbc = _aes.CreateEncryptor();
        Array.Clear(_carry);
    }

    /// <summary>Encrypts single blocks under the chain key (subkey derivation).</summary>
    public void EncryptEcb(ReadOnlySpan<byte> blocks, Span<byte> destination)
        => _aes.EncryptEcb(blocks, destination, PaddingMode.None);

    /// <summary>
    /// The last-block rule XCBC (RFC 3566) and CMAC (RFC 4493) share: a complete last block is XORed with
    /// <paramref name="completeMask"/>; a partial (or empty) one is padded with 0x80 0x00… and XORed with
    /// <paramref name="paddedMask"/>. Then CBC-MAC over the whole message; the 16-byte result goes to <paramref name="mac"/>.
    /// </summary>
    public void Compute(ReadOnlySpan<byte> data, ReadOnlySpan<byte> completeMask, ReadOnlySpan<byte> paddedMask, Span<byte> mac)
    {
        int lastLength = data.IsEmpty ? 0 : ((data.Length - 1) % 16) + 1;
        Span<byte> last = stackalloc byte[16];
        last.Clear();
        data[^lastLength..].CopyTo(last);
        var mask = completeMask;
        if (lastLength < 16)
        {
            last[lastLength] = 0x80;
            mask = paddedMask;
        }

        for (int i = 0; i < 16; i++)
        {
            last[i] ^= mask[i];
        }

        Compute(data[..^lastLength], last, mac);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cbc?.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_input);
        CryptographicOperations.ZeroMemory(_output);
        CryptographicOperations.ZeroMemory(_carry);
    }

    /// <summary>
    /// Runs CBC-MAC over <paramref name="head"/> (whole blocks) followed by <paramref name="lastBlock"/>
    /// and writes the final 16-byte chaining value into <paramref name="mac"/>.
    /// </summary>
    private void Compute(ReadOnlySpan<byte> head, ReadOnlySpan<byte> lastBlock, Span<byte> mac)
    {
        var cbc = _cbc ?? throw new InvalidOperationException("AES MAC used before it was keyed");
        bool first = true;
        while (head.Length >= ChunkBytes)
        {
            head[..ChunkBytes].CopyTo(_input);
            Absorb(cbc, ChunkBytes, ref first);
            head = head[ChunkBytes..];
        }

        head.CopyTo(_input);
        lastBlock.CopyTo(_input.AsSpan(head.Length));
        Absorb(cbc, head.Length + 16, ref first);
        _carry.CopyTo(mac);
        CryptographicOperations.ZeroMemory(_input);
    }

    private void Absorb(ICryptoTransform cbc, int length, ref bool first)
    {
        if (first)
        {
            // Cancel the chaining value left by the previous message: E(carry ^ (M1 ^ carry)) = E(M1).
            for (int i = 0; i < 16; i++)
            {
                _input[i] ^= _carry[i];
            }

            first = false;
        }

        cbc.TransformBlock(_input, 0, length, _output, 0);
        _output.AsSpan(length - 16, 16).CopyTo(_carry);
    }
}
