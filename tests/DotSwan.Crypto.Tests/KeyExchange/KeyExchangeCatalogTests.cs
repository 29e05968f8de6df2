using CsCheck;
using DotSwan.Crypto.KeyExchange;

namespace DotSwan.Crypto.Tests.KeyExchange;

public sealed class KeyExchangeCatalogTests
{
    public static TheoryData<KeyExchangeMethod> AllMethods()
    {
        var data = new TheoryData<KeyExchangeMethod>();
        foreach (var method in KeyExchangeCatalog.Methods)
        {
            data.Add(method);
        }

        return data;
    }

    [Fact]
    public void Catalog_has_every_method_of_the_brief()
    {
        int[] expected = [1, 2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 27, 28, 29, 30, 31, 32, 35, 36, 37];
        Assert.Equal(expected, KeyExchangeCatalog.Methods.Select(m => (int)m));
        Assert.False(KeyExchangeCatalog.TryGetFactory(KeyExchangeMethod.None, out _));
        Assert.False(KeyExchangeCatalog.TryGetPublicValueLengths((KeyExchangeMethod)22, out _, out _));
    }

    [Theory]
    [InlineData(KeyExchangeMethod.Modp2048, 256, 256)]
    [InlineData(KeyExchangeMethod.Ecp256, 64, 64)]
    [InlineData(KeyExchangeMethod.Ecp521, 132, 132)]
    [InlineData(KeyExchangeMethod.Brainpool224, 56, 56)]
    [InlineData(KeyExchangeMethod.Curve448, 56, 56)]
    [InlineData(KeyExchangeMethod.MlKem768, 1184, 1088)]
    public void Public_value_lengths(KeyExchangeMethod method, int initiator, int responder)
    {
        Assert.True(KeyExchangeCatalog.TryGetPublicValueLengths(method, out int i, out int r));
        Assert.Equal((initiator, responder), (i, r));
    }

    [Theory]
    [MemberData(nameof(AllMethods))]
    public void Every_method_round_trips(KeyExchangeMethod method)
    {
        Assert.True(KeyExchangeCatalog.TryGetFactory(method, out var factory));
        Assert.Equal(method, factory.Method);
        using var initiator = factory.CreateInitiator();
        Assert.Equal(method, initiator.Method);
        Assert.Equal(factory.InitiatorPublicValueLength, initiator.PublicValue.Length);
        Assert.True(factory.TryRespond(initiator.PublicValue.Span, out var reply, out var s2, out var error), error.ToString());
        Assert.Equal(factory.ResponderPublicValueLength, reply!.Length);
        Assert.True(initiator.TryComputeSharedSecret(reply, out var s1, out error), error.ToString());
        using (s1)
        using (s2)
        {
            Assert.True(s1!.ReadOnlySpan.SequenceEqual(s2!.ReadOnlySpan));
            Assert.True(s1.ReadOnlySpan.ContainsAnyExcept((byte)0));
        }
    }

    [Theory]
    [MemberData(nameof(AllMethods))]
    public void Random_peer_values_never_throw(KeyExchangeMethod method)
    {
        Assert.True(KeyExchangeCatalog.TryGetFactory(method, out var factory));
        using var initiator = factory.CreateInitiator();
        int length = factory.ResponderPublicValueLength;

        // Half the samples have exactly the expected length (the interesting ones), half any length.
        var gen = Gen.OneOf(Gen.Byte.Array[length], Gen.Byte.Array[0, length + 8]);
        int iterations = length > 600 ? 20 : 60;
        gen.Sample(
            value =>
            {
                bool ok = initiator.TryComputeSharedSecret(value, out var secret, out var error);
                Assert.Equal(ok, secret is not null);
                if (!ok)
                {
                    Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
                }

                secret?.Dispose();
                ok = factory.TryRespond(value.AsSpan(0, Math.Min(value.Length, factory.InitiatorPublicValueLength + 8)), out var reply, out secret, out error);
                Assert.Equal(ok, reply is not null);
                secret?.Dispose();
            },
            iter: iterations,
            threads: 1);
    }
}
