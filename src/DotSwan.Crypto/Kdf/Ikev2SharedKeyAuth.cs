using System.Security.Cryptography;

namespace DotSwan.Crypto.Kdf;

/// <summary>
/// AUTH for a shared key (pre-shared key, or the EAP MSK) per RFC 7296 §2.15:
/// AUTH = prf(prf(Shared Secret, "Key Pad for IKEv2"), &lt;SignedOctets&gt;).
/// </summary>
public static class Ikev2SharedKeyAuth
{
    /// <summary>The 17 ASCII octets "Key Pad for IKEv2", without a terminating NUL.</summary>
    public static ReadOnlySpan<byte> KeyPad => "Key Pad for IKEv2"u8;

    /// <summary>Computes AUTH into the first <see cref="IPrf.OutputLength"/> bytes of <paramref name="auth"/>.</summary>
    public static bool TryCompute(IPrf prf, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> signedOctets, Span<byte> auth, out CryptoError error)
    {
        if (!KdfLength.CheckPrf(prf, out error))
        {
            return false;
        }

        if (auth.Length < prf.OutputLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"AUTH needs {prf.OutputLength} bytes, destination has {auth.Length}");
            return false;
        }

        using var scratch = new ScratchBuffer(prf.OutputLength, stackalloc byte[128]);
        prf.Compute(sharedSecret, KeyPad, scratch.Span);
        prf.Compute(scratch.Span, signedOctets, auth[..prf.OutputLength]);
        return true;
    }

    /// <summary>
    /// Recomputes AUTH and compares it with <paramref name="receivedAuth"/> in constant time.
    /// A received value of the wrong length simply does not verify.
    /// </summary>
    public static bool Verify(IPrf prf, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> signedOctets, ReadOnlySpan<byte> receivedAuth)
    {
        if (!KdfLength.CheckPrf(prf, out _))
        {
            return false;
        }

        using var scratch = new ScratchBuffer(prf.OutputLength, stackalloc byte[128]);
        return TryCompute(prf, sharedSecret, signedOctets, scratch.Span, out _)
            && CryptographicOperations.FixedTimeEquals(scratch.Span, receivedAuth);
    }
}
