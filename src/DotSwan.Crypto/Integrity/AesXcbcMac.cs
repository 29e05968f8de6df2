using System.Security.Cryptography;

namespace DotSwan.Crypto.Integrity;

/// <summary>
/// AES-XCBC-MAC (RFC 3566 §4): K1 = E(K, 0x01…), K2 = E(K, 0x02…), K3 = E(K, 0x03…); CBC-MAC under K1 with the
/// last block XORed with K2 when complete, or padded with 0x80 0x00… and XORed with K3 otherwise.
/// </summary>
internal sealed class AesXcbcMac : IAesMac
{
    private readonly AesCbcMacChain _chain = new();
    private readonly byte[] _k2 = GC.AllocateArray<byte>(16, pinned: true);
    private readonly byte[] _k3 = GC.AllocateArray<byte>(16, pinned: true);

    /// <inheritdoc />
    public void SetKey(ReadOnlySpan<byte> key)
    {
        Span<byte> constants = stackalloc byte[48];
        constants[..16].Fill(0x01);
        constants[16..32].Fill(0x02);
        constants[32..].Fill(0x03);
        Span<byte> derived = stackalloc byte[48];
        _chain.SetKey(key);
        _chain.EncryptEcb(constants, derived);
        _chain.SetKey(derived[..16]);
        derived[16..32].CopyTo(_k2);
        derived[32..].CopyTo(_k3);
        CryptographicOperations.ZeroMemory(derived);
    }

    /// <inheritdoc />
    public void Compute(ReadOnlySpan<byte> data, Span<byte> mac) => _chain.Compute(data, _k2, _k3, mac);

    /// <inheritdoc />
    public void Dispose()
    {
        _chain.Dispose();
        CryptographicOperations.ZeroMemory(_k2);
        CryptographicOperations.ZeroMemory(_k3);
    }
}
