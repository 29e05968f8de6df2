using System.Security.Cryptography;
using DotSwan.Crypto.Integrity;

namespace DotSwan.Crypto.Prf;

/// <summary>
/// PRF_AES128_XCBC (RFC 4434) and PRF_AES128_CMAC (RFC 4615): 16-byte output, keys of any length.
/// A 16-byte key is used as is. Otherwise XCBC zero-pads a shorter key and reduces a longer one with
/// AES-XCBC-PRF-128 under a zero key; CMAC reduces every other length with AES-CMAC under a zero key.
/// </summary>
public sealed class AesMacPrf : IPrf
{
    private readonly IAesMac _mac;

    private AesMacPrf(PrfAlgorithm algorithm, IAesMac mac)
    {
        Algorithm = algorithm;
        _mac = mac;
    }

    /// <inheritdoc />
    public PrfAlgorithm Algorithm { get; }

    /// <inheritdoc />
    public int OutputLength => 16;

    /// <inheritdoc />
    public int KeyLength => 16;

    /// <summary>Creates an AES-XCBC or AES-CMAC PRF.</summary>
    public static bool TryCreate(PrfAlgorithm algorithm, out AesMacPrf? prf, out CryptoError error)
    {
        switch (algorithm)
        {
            case PrfAlgorithm.Aes128Xcbc:
                prf = new AesMacPrf(algorithm, new AesXcbcMac());
                break;
            case PrfAlgorithm.Aes128Cmac:
                prf = new AesMacPrf(algorithm, new AesCmac());
                break;
            default:
                prf = null;
                error = new CryptoError(CryptoErrorKind.Unsupported, $"{algorithm} is not an AES PRF");
                return false;
        }

        error = default;
        return true;
    }

    /// <inheritdoc />
    public void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> output)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(output.Length, OutputLength, nameof(output));
        Span<byte> effectiveKey = stackalloc byte[16];
        effectiveKey.Clear();
        if (key.Length == 16)
        {
            key.CopyTo(effectiveKey);
        }
        else if (key.Length < 16 && Algorithm == PrfAlgorithm.Aes128Xcbc)
        {
            key.CopyTo(effectiveKey);
        }
        else
        {
            // effectiveKey is all zeros here: it is the zero key of RFC 4434 §2 and RFC 4615 §3.
            _mac.SetKey(effectiveKey);
            _mac.Compute(key, effectiveKey);
        }

        _mac.SetKey(effectiveKey);
        _mac.Compute(data, output);
        CryptographicOperations.ZeroMemory(effectiveKey);
    }

    /// <inheritdoc />
    public void Dispose() => _mac.Dispose();
}
