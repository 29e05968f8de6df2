using System.Security.Cryptography;

namespace DotSwan.Crypto.Integrity;

/// <summary>
/// AES-CMAC (RFC 4493, NIST SP 800-38B): L = E(K, 0); K1 = L·x, K2 = K1·x in GF(2^128); CBC-MAC under K with the
/// last block XORed with K1 when complete, or padded with 0x80 0x00… and XORed with K2 otherwise.
/// Our own code over the BCL AES (rather than BouncyCastle's CMac) so the MAC allocates nothing per call and
/// shares its chain with AES-XCBC; the Wycheproof and RFC 4493/4494/4615 vectors check it.
/// </summary>
internal sealed class AesCmac : IAesMac
{
    private readonly AesCbcMacChain _chain = new();
    private readonly byte[] _k1 = GC.AllocateArray<byte>(16, pinned: true);
    private readonly byte[] _k2 = GC.AllocateArray<byte>(16, pinned: true);

    /// <inheritdoc />
    public void SetKey(ReadOnlySpan<byte> key)
    {
        _chain.SetKey(key);
        Span<byte> l = stackalloc byte[16];
        l.Clear();
        _chain.EncryptEcb(l, l);
        Double(l, _k1);
        Double(_k1, _k2);
        CryptographicOperations.ZeroMemory(l);
    }

    /// <inheritdoc />
    public void Compute(ReadOnlySpan<byte> data, Span<byte> mac) => _chain.Compute(data, _k1, _k2, mac);

    /// <inheritdoc />
    public void Dispose()
    {
        _chain.Dispose();
        CryptographicOperations.ZeroMemory(_k1);
        CryptographicOperations.ZeroMemory(_k2);
    }

    /// <summary>Multiplies by x in GF(2^128) with the reduction constant 0x87, without a secret-dependent branch.</summary>
    private static void Double(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int carry = input[0] >> 7;
        for (int i = 0; i < 15; i++)
        {
            output[i] = (byte)((input[i] << 1) | (input[i + 1] >> 7));
        }

        output[15] = (byte)((input[15] << 1) ^ (0x87 & -carry));
    }
}
