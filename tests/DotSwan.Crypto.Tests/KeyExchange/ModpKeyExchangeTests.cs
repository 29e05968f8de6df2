using System.Numerics;
using System.Runtime.InteropServices;
using DotSwan.Crypto.KeyExchange;

namespace DotSwan.Crypto.Tests.KeyExchange;

public sealed partial class ModpKeyExchangeTests
{
    public static TheoryData<KeyExchangeMethod> ModpMethods() =>
    [
        KeyExchangeMethod.Modp768, KeyExchangeMethod.Modp1024, KeyExchangeMethod.Modp1536, KeyExchangeMethod.Modp2048,
        KeyExchangeMethod.Modp3072, KeyExchangeMethod.Modp4096, KeyExchangeMethod.Modp6144, KeyExchangeMethod.Modp8192,
    ];

    private static ModpKeyExchangeFactory FactoryOf(KeyExchangeMethod method) => (ModpKeyExchangeFactory)KexTestData.Factory(method);

    private static BigInteger ToBig(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    private static byte[] ToPadded(BigInteger value, int length)
    {
        byte[] raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[length];
        raw.CopyTo(padded, length - raw.Length);
        return padded;
    }

    [Fact]
    public void Linux_uses_the_libcrypto_path() =>
        Assert.Equal(OperatingSystem.IsLinux(), KeyExchangeCatalog.ModpUsesLibCrypto);

    [Theory]
    [MemberData(nameof(ModpMethods))]
    public void Initiator_and_responder_agree(KeyExchangeMethod method)
    {
        var factory = FactoryOf(method);
        using var initiator = factory.CreateInitiator();
        Assert.Equal(factory.InitiatorPublicValueLength, initiator.PublicValue.Length);

        Assert.True(factory.TryRespond(initiator.PublicValue.Span, out var reply, out var responderSecret, out var error), error.ToString());
        Assert.Equal(factory.ResponderPublicValueLength, reply!.Length);
        Assert.True(initiator.TryComputeSharedSecret(reply, out var initiatorSecret, out error), error.ToString());
        using (responderSecret)
        using (initiatorSecret)
        {
            Assert.Equal(factory.Group.Length, initiatorSecret!.Length);
            Assert.True(initiatorSecret.ReadOnlySpan.SequenceEqual(responderSecret!.ReadOnlySpan));
        }
    }

    [Theory]
    [InlineData(KeyExchangeMethod.Modp1024)]
    [InlineData(KeyExchangeMethod.Modp2048)]
    [InlineData(KeyExchangeMethod.Modp3072)]
    public void Known_answer_against_BigInteger_ModPow(KeyExchangeMethod method)
    {
        var factory = FactoryOf(method);
        var p = ToBig(factory.Group.Prime);
        byte[] x = Convert.FromHexString("8f3a5b0c1d2e3f405162738495a6b7c8d9eaf10213243546576879808a9bacbd");
        byte[] y = Convert.FromHexString("01020304050607080910111213141516171819202122232425262728293031323334353637383940");

        using var initiator = factory.CreateWithExponent(SecretBytes.CopyOf(x));
        using var responder = factory.CreateWithExponent(SecretBytes.CopyOf(y));
        Assert.Equal(ToPadded(BigInteger.ModPow(2, ToBig(x), p), factory.Group.Length), initiator.PublicValue.ToArray());
        Assert.Equal(ToPadded(BigInteger.ModPow(2, ToBig(y), p), factory.Group.Length), responder.PublicValue.ToArray());

        var expected = ToPadded(BigInteger.ModPow(2, ToBig(x) * ToBig(y), p), factory.Group.Length);
        Assert.True(initiator.TryComputeSharedSecret(responder.PublicValue.Span, out var s1, out _));
        Assert.True(responder.TryComputeSharedSecret(initiator.PublicValue.Span, out var s2, out _));
        using (s1)
        using (s2)
        {
            Assert.Equal(expected, s1!.ReadOnlySpan.ToArray());
            Assert.Equal(expected, s2!.ReadOnlySpan.ToArray());
        }
    }

    [Fact]
    public void Small_results_keep_their_leading_zeros()
    {
        // 2^8 mod p = 0x100: the public value must still be the full prime length (RFC 7296 §2.14).
        var factory = FactoryOf(KeyExchangeMethod.Modp2048);
        using var exchange = factory.CreateWithExponent(SecretBytes.CopyOf([8]));
        var expected = new byte[256];
        expected[^2] = 1;
        Assert.Equal(expected, exchange.PublicValue.ToArray());
    }

    [Theory]
    [InlineData(KeyExchangeMethod.Modp768)]
    [InlineData(KeyExchangeMethod.Modp2048)]
    public void BouncyCastle_fallback_matches_libcrypto(KeyExchangeMethod method)
    {
        var group = FactoryOf(method).Group;
        byte[] exponent = Convert.FromHexString("c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
        byte[] peer = new byte[group.Length];
        new Random(7).NextBytes(peer);
        peer[0] = 0x7f; // below p
        var native = new byte[group.Length];
        var portable = new byte[group.Length];
        Assert.True(ModularExponentiation.TryModPow(peer, exponent, group.Prime, native));
        Assert.True(ModularExponentiation.TryModPowBouncyCastle(peer, exponent, group.Prime, portable));
        Assert.Equal(portable, native);
        Assert.Equal(ToPadded(BigInteger.ModPow(ToBig(peer), ToBig(exponent), ToBig(group.Prime)), group.Length), native);
    }

    [Theory]
    [MemberData(nameof(ModpMethods))]
    public void Out_of_range_and_wrong_length_values_are_rejected(KeyExchangeMethod method)
    {
        var factory = FactoryOf(method);
        var group = factory.Group;
        int n = group.Length;
        var p = ToBig(group.Prime);
        var rejected = new List<byte[]>
        {
            ToPadded(0, n), ToPadded(1, n), ToPadded(p - 1, n), ToPadded(p, n), Enumerable.Repeat((byte)0xff, n).ToArray(),
            ToPadded(2, n - 1), ToPadded(2, n + 1), Array.Empty<byte>(), new byte[] { 2 },
        };
        using var initiator = factory.CreateInitiator();
        foreach (var value in rejected)
        {
            Assert.False(initiator.TryComputeSharedSecret(value, out var secret, out var error));
            Assert.Null(secret);
            Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
            Assert.False(factory.TryRespond(value, out var reply, out _, out error));
            Assert.Null(reply);
            Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
        }

        // The edges just inside the range are accepted.
        foreach (var value in new[] { ToPadded(2, n), ToPadded(p - 2, n) })
        {
            Assert.True(initiator.TryComputeSharedSecret(value, out var secret, out var error), error.ToString());
            secret!.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(ModpMethods))]
    public void Exponent_has_the_documented_size(KeyExchangeMethod method)
    {
        var group = FactoryOf(method).Group;
        int expected = method switch
        {
            KeyExchangeMethod.Modp768 or KeyExchangeMethod.Modp1024 or KeyExchangeMethod.Modp1536 => (group.Length * 8) - 1,
            KeyExchangeMethod.Modp2048 or KeyExchangeMethod.Modp3072 => 256,
            KeyExchangeMethod.Modp4096 => 304,
            KeyExchangeMethod.Modp6144 => 352,
            _ => 400,
        };
        Assert.Equal(expected, group.ExponentBits);
    }

    public static TheoryData<KeyExchangeMethod, string> OpenSslPrimes() => new()
    {
        { KeyExchangeMethod.Modp768, "BN_get_rfc2409_prime_768" },
        { KeyExchangeMethod.Modp1024, "BN_get_rfc2409_prime_1024" },
        { KeyExchangeMethod.Modp1536, "BN_get_rfc3526_prime_1536" },
        { KeyExchangeMethod.Modp2048, "BN_get_rfc3526_prime_2048" },
        { KeyExchangeMethod.Modp3072, "BN_get_rfc3526_prime_3072" },
        { KeyExchangeMethod.Modp4096, "BN_get_rfc3526_prime_4096" },
        { KeyExchangeMethod.Modp6144, "BN_get_rfc3526_prime_6144" },
        { KeyExchangeMethod.Modp8192, "BN_get_rfc3526_prime_8192" },
    };

    [Theory]
    [MemberData(nameof(OpenSslPrimes))]
    public void Primes_match_OpenSSLs_copy_of_the_RFCs(KeyExchangeMethod method, string openSslFunction)
    {
        var group = FactoryOf(method).Group;
        Assert.Equal(group.Length * 8, (int)ToBig(group.Prime).GetBitLength());
        var getPrime = Marshal.GetDelegateForFunctionPointer<GetPrime>(NativeLibrary.GetExport(NativeLibrary.Load("libcrypto.so.3"), openSslFunction));
        nint bn = getPrime(0);
        try
        {
            var bytes = new byte[group.Length];
            Assert.Equal(group.Length, BN_bn2binpad(bn, bytes, bytes.Length));
            Assert.Equal(bytes, group.Prime);
        }
        finally
        {
            BN_free(bn);
        }
    }

    [Theory]
    [InlineData(KeyExchangeMethod.Modp768)]
    [InlineData(KeyExchangeMethod.Modp1024)]
    [InlineData(KeyExchangeMethod.Modp1536)]
    public void Small_primes_are_safe_primes(KeyExchangeMethod method)
    {
        var p = new Org.BouncyCastle.Math.BigInteger(1, FactoryOf(method).Group.Prime);
        Assert.True(p.IsProbablePrime(40));
        Assert.True(p.ShiftRight(1).IsProbablePrime(40));
    }

    private delegate nint GetPrime(nint bn);

    [DllImport("libcrypto.so.3")]
    private static extern int BN_bn2binpad(nint a, byte[] to, int tolen);

    [DllImport("libcrypto.so.3")]
    private static extern void BN_free(nint a);
}
