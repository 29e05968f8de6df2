using System.Text.Json;
using DotSwan.Crypto.KeyExchange;

namespace DotSwan.Crypto.Tests.KeyExchange;

public sealed class EcpKeyExchangeTests
{
    /// <summary>Every vector on both implementations: libcrypto (true) and the BCL fallback (false).</summary>
    public static TheoryData<string, int, bool> Rfc5903Groups()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (bool libCrypto in new[] { true, false })
        {
            data.Add("rfc5903.json", 19, libCrypto);
            data.Add("rfc5903.json", 20, libCrypto);
            data.Add("rfc5114.json", 19, libCrypto);
            data.Add("rfc5114.json", 20, libCrypto);
            data.Add("rfc5114.json", 21, libCrypto);
            data.Add("brainpool.json", 27, libCrypto);
            data.Add("brainpool.json", 28, libCrypto);
            data.Add("brainpool.json", 29, libCrypto);
            data.Add("brainpool.json", 30, libCrypto);
        }

        return data;
    }

    private static JsonElement Rfc5903Vector(string file, int group)
    {
        using var doc = KexTestData.Load(file);
        return doc.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("group").GetInt32() == group).Clone();
    }

    [Theory]
    [MemberData(nameof(Rfc5903Groups))]
    public void Rfc_initiator_public_value_and_shared_secret(string file, int group, bool libCrypto)
    {
        var v = Rfc5903Vector(file, group);
        var factory = (EcpKeyExchangeFactory)KexTestData.Factory((KeyExchangeMethod)group);
        using var initiator = factory.CreateWithPrivateKey(v.Hex("i"), libCrypto);

        Assert.Equal([.. v.Hex("gix"), .. v.Hex("giy")], initiator.PublicValue.ToArray());
        Assert.True(initiator.TryComputeSharedSecret([.. v.Hex("grx"), .. v.Hex("gry")], out var secret, out var error), error.ToString());
        using (secret)
        {
            Assert.Equal(v.Hex("girx"), secret!.ReadOnlySpan.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Rfc5903Groups))]
    public void Rfc_responder_public_value_and_shared_secret(string file, int group, bool libCrypto)
    {
        var v = Rfc5903Vector(file, group);
        var factory = (EcpKeyExchangeFactory)KexTestData.Factory((KeyExchangeMethod)group);
        using var responder = factory.CreateWithPrivateKey(v.Hex("r"), libCrypto);

        Assert.Equal([.. v.Hex("grx"), .. v.Hex("gry")], responder.PublicValue.ToArray());
        Assert.True(responder.TryComputeSharedSecret([.. v.Hex("gix"), .. v.Hex("giy")], out var secret, out _));
        using (secret)
        {
            Assert.Equal(v.Hex("girx"), secret!.ReadOnlySpan.ToArray());
        }
    }

    public static TheoryData<KeyExchangeMethod> EcpMethods() =>
    [
        KeyExchangeMethod.Ecp256, KeyExchangeMethod.Ecp384, KeyExchangeMethod.Ecp521,
        KeyExchangeMethod.Brainpool224, KeyExchangeMethod.Brainpool256, KeyExchangeMethod.Brainpool384, KeyExchangeMethod.Brainpool512,
    ];

    [Theory]
    [MemberData(nameof(EcpMethods))]
    public void Point_off_the_curve_is_rejected(KeyExchangeMethod method)
    {
        var factory = KexTestData.Factory(method);
        using var initiator = factory.CreateInitiator();
        byte[] tampered = initiator.PublicValue.ToArray();
        tampered[^1] ^= 1; // y changes, x stays: no longer on the curve

        Assert.False(factory.TryRespond(tampered, out var reply, out var secret, out var error));
        Assert.Null(reply);
        Assert.Null(secret);
        Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
    }

    [Theory]
    [MemberData(nameof(EcpMethods))]
    public void All_zero_point_and_wrong_lengths_are_rejected(KeyExchangeMethod method)
    {
        var factory = KexTestData.Factory(method);
        using var initiator = factory.CreateInitiator();
        int length = factory.InitiatorPublicValueLength;
        foreach (var value in new[] { new byte[length], new byte[length - 1], new byte[length + 1], [], [0x04, .. initiator.PublicValue.Span] })
        {
            Assert.False(initiator.TryComputeSharedSecret(value, out var secret, out var error));
            Assert.Null(secret);
            Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
        }
    }

    [Fact]
    public void Coordinate_not_below_the_field_prime_is_rejected()
    {
        // P-256's p; x = p is x = 0 reduced, which a lax decoder would accept.
        byte[] p = Convert.FromHexString("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF");
        var factory = KexTestData.Factory(KeyExchangeMethod.Ecp256);
        using var initiator = factory.CreateInitiator();
        byte[] value = [.. p, .. initiator.PublicValue.Span[32..]];
        Assert.False(initiator.TryComputeSharedSecret(value, out _, out var error));
        Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
    }
}
