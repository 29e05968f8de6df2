using CsCheck;
using DotSwan.Crypto.KeyExchange;

namespace DotSwan.Crypto.Tests.KeyExchange;

/// <summary>
/// The whole-factory fallbacks (BouncyCastle XDH, BCL ECP) used where libcrypto is missing, run here through
/// WithoutLibCrypto(): round trips against the libcrypto factories in both roles, refusal of bad values, and no exceptions
/// on random input.
/// </summary>
public sealed class FallbackKeyExchangeTests
{
    public static TheoryData<KeyExchangeMethod> Methods() =>
    [
        KeyExchangeMethod.Ecp256, KeyExchangeMethod.Ecp384, KeyExchangeMethod.Ecp521,
        KeyExchangeMethod.Brainpool224, KeyExchangeMethod.Brainpool256, KeyExchangeMethod.Brainpool384, KeyExchangeMethod.Brainpool512,
        KeyExchangeMethod.Curve25519, KeyExchangeMethod.Curve448,
    ];

    private static IKeyExchangeFactory Fallback(IKeyExchangeFactory factory) => factory switch
    {
        EcpKeyExchangeFactory ecp => ecp.WithoutLibCrypto(),
        XdhKeyExchangeFactory xdh => xdh.WithoutLibCrypto(),
        _ => throw new ArgumentException("not an XDH or ECP factory", nameof(factory)),
    };

    private static bool UsesLibCrypto(IKeyExchangeFactory factory) => factory switch
    {
        EcpKeyExchangeFactory ecp => ecp.UsesLibCrypto,
        XdhKeyExchangeFactory xdh => xdh.UsesLibCrypto,
        _ => throw new ArgumentException("not an XDH or ECP factory", nameof(factory)),
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Fallback_and_libcrypto_factories_interoperate_in_both_roles(KeyExchangeMethod method)
    {
        var main = KexTestData.Factory(method);
        var fallback = Fallback(main);
        Assert.False(UsesLibCrypto(fallback));

        foreach (var (initiatorFactory, responderFactory) in new[] { (main, fallback), (fallback, main), (fallback, fallback) })
        {
            using var initiator = initiatorFactory.CreateInitiator();
            Assert.True(responderFactory.TryRespond(initiator.PublicValue.Span, out var reply, out var responderSecret, out var error), error.ToString());
            Assert.True(initiator.TryComputeSharedSecret(reply, out var initiatorSecret, out error), error.ToString());
            using (initiatorSecret)
            using (responderSecret)
            {
                Assert.Equal(Convert.ToHexString(responderSecret!.ReadOnlySpan), Convert.ToHexString(initiatorSecret!.ReadOnlySpan));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Fallback_responder_refuses_wrong_lengths_and_bad_values(KeyExchangeMethod method)
    {
        var fallback = Fallback(KexTestData.Factory(method));
        int length = fallback.InitiatorPublicValueLength;

        // All zero: not on any of these curves, and the X25519/X448 low-order point u = 0.
        foreach (var value in new[] { new byte[length], new byte[length - 1], new byte[length + 1], [] })
        {
            Assert.False(fallback.TryRespond(value, out var reply, out var secret, out var error));
            Assert.Null(reply);
            Assert.Null(secret);
            Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Fallback_random_peer_values_never_throw(KeyExchangeMethod method)
    {
        var fallback = Fallback(KexTestData.Factory(method));
        using var initiator = fallback.CreateInitiator();
        int length = fallback.InitiatorPublicValueLength;
        Gen.OneOf(Gen.Byte.Array[length], Gen.Byte.Array[0, length + 8]).Sample(
            value =>
            {
                bool ok = initiator.TryComputeSharedSecret(value, out var secret, out var error);
                Assert.Equal(ok, secret is not null);
                Assert.True(ok || error.Kind == CryptoErrorKind.InvalidPublicValue);
                secret?.Dispose();
                ok = fallback.TryRespond(value, out var reply, out secret, out error);
                Assert.Equal(ok, reply is not null);
                Assert.True(ok || error.Kind == CryptoErrorKind.InvalidPublicValue);
                secret?.Dispose();
            },
            iter: 20,
            threads: 1);
    }

    [Theory]
    [InlineData(KeyExchangeMethod.Ecp256)]
    [InlineData(KeyExchangeMethod.Brainpool256)]
    [InlineData(KeyExchangeMethod.Curve25519)]
    public void Libcrypto_factories_are_safe_to_share_between_threads(KeyExchangeMethod method)
    {
        // The EC_GROUP is shared process-wide; concurrent exchanges must still all agree.
        var factory = KexTestData.Factory(method);
        int failures = 0;
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 }, iteration =>
        {
            using var initiator = factory.CreateInitiator();
            bool ok = factory.TryRespond(initiator.PublicValue.Span, out var reply, out var s2, out _)
                & initiator.TryComputeSharedSecret(reply ?? [], out var s1, out _);
            using (s1)
            using (s2)
            {
                if (!ok || !s1!.ReadOnlySpan.SequenceEqual(s2!.ReadOnlySpan))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        Assert.Equal(0, failures);
    }
}
