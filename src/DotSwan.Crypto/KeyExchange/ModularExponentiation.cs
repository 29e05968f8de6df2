using DotSwan.Crypto.Native;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// base^exponent mod p for the MODP groups: libcrypto's constant-time exponentiation when libcrypto 3 is loadable (Linux),
/// otherwise BouncyCastle's <c>BigInteger.ModPow</c>, which is portable but neither constant time nor fast.
/// </summary>
internal static class ModularExponentiation
{
    /// <summary>True when the constant-time libcrypto path is in use.</summary>
    public static bool UsesLibCrypto => LibCryptoBigNum.IsAvailable;

    /// <summary>Writes base^exponent mod modulus into <paramref name="result"/>, left-padded to its length.</summary>
    public static bool TryModPow(ReadOnlySpan<byte> @base, ReadOnlySpan<byte> exponent, ReadOnlySpan<byte> modulus, Span<byte> result) =>
        UsesLibCrypto
            ? LibCryptoBigNum.TryModExp(@base, exponent, modulus, result)
            : TryModPowBouncyCastle(@base, exponent, modulus, result);

    /// <summary>The portable path; internal so the tests can run it on Linux too.</summary>
    internal static bool TryModPowBouncyCastle(ReadOnlySpan<byte> @base, ReadOnlySpan<byte> exponent, ReadOnlySpan<byte> modulus, Span<byte> result)
    {
        var m = new BcBigInteger(1, modulus);
        var value = new BcBigInteger(1, @base).ModPow(new BcBigInteger(1, exponent), m);
        int length = value.GetLengthofByteArrayUnsigned();
        if (length > result.Length)
        {
            return false;
        }

        result.Clear();
        value.ToByteArrayUnsigned(result[(result.Length - length)..]);
        return true;
    }
}
