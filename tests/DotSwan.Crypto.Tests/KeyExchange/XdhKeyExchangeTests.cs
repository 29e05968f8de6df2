using DotSwan.Crypto.KeyExchange;

namespace DotSwan.Crypto.Tests.KeyExchange;

public sealed class XdhKeyExchangeTests
{
    private static XdhKeyExchangeFactory FactoryOf(int group) => (XdhKeyExchangeFactory)KexTestData.Factory((KeyExchangeMethod)group);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfc7748_function_vectors(bool libCrypto)
    {
        using var doc = KexTestData.Load("rfc7748.json");
        int count = 0;
        foreach (var v in doc.RootElement.GetProperty("functionVectors").EnumerateArray())
        {
            var factory = FactoryOf(v.GetProperty("group").GetInt32());
            using var exchange = factory.CreateWithPrivateKey(SecretBytes.CopyOf(v.Hex("scalar")), libCrypto);
            Assert.True(exchange.TryComputeSharedSecret(v.Hex("u"), out var secret, out var error), error.ToString());
            using (secret)
            {
                Assert.Equal(v.Hex("output"), secret!.ReadOnlySpan.ToArray());
            }

            count++;
        }

        Assert.Equal(3, count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfc7748_and_rfc8031_exchanges_both_directions(bool libCrypto)
    {
        using var doc = KexTestData.Load("rfc7748.json");
        int count = 0;
        foreach (var v in doc.RootElement.GetProperty("exchanges").EnumerateArray())
        {
            var factory = FactoryOf(v.GetProperty("group").GetInt32());
            using var initiator = factory.CreateWithPrivateKey(SecretBytes.CopyOf(v.Hex("i")), libCrypto);
            using var responder = factory.CreateWithPrivateKey(SecretBytes.CopyOf(v.Hex("r")), libCrypto);
            Assert.Equal(v.Hex("gi"), initiator.PublicValue.ToArray());
            Assert.Equal(v.Hex("gr"), responder.PublicValue.ToArray());

            Assert.True(initiator.TryComputeSharedSecret(v.Hex("gr"), out var s1, out _));
            Assert.True(responder.TryComputeSharedSecret(v.Hex("gi"), out var s2, out _));
            using (s1)
            using (s2)
            {
                Assert.Equal(v.Hex("shared"), s1!.ReadOnlySpan.ToArray());
                Assert.Equal(v.Hex("shared"), s2!.ReadOnlySpan.ToArray());
            }

            count++;
        }

        Assert.Equal(3, count);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public void Low_order_point_zero_gives_all_zero_secret_and_is_rejected(int group)
    {
        var factory = FactoryOf(group);
        Assert.False(factory.TryRespond(new byte[factory.KeySize], out var reply, out var secret, out var error));
        Assert.Null(reply);
        Assert.Null(secret);
        Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public void Wrong_length_is_rejected(int group)
    {
        var factory = FactoryOf(group);
        using var initiator = factory.CreateInitiator();
        foreach (int length in new[] { 0, factory.KeySize - 1, factory.KeySize + 1, 65 })
        {
            Assert.False(initiator.TryComputeSharedSecret(new byte[length], out _, out var error));
            Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Dispose_clears_the_private_key(bool libCrypto)
    {
        var privateKey = SecretBytes.CopyOf(new byte[32] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 });
        var exchange = XdhKeyExchangeFactory.Curve25519.CreateWithPrivateKey(privateKey, libCrypto);
        exchange.Dispose();
        Assert.Throws<ObjectDisposedException>(() => privateKey.Span.Length);
    }
}
