using DotSwan.Crypto.KeyExchange;

namespace DotSwan.Crypto.Tests.KeyExchange;

public sealed class MlKemKeyExchangeTests
{
    public static TheoryData<KeyExchangeMethod, int, int> Levels() => new()
    {
        { KeyExchangeMethod.MlKem512, 800, 768 },
        { KeyExchangeMethod.MlKem768, 1184, 1088 },
        { KeyExchangeMethod.MlKem1024, 1568, 1568 },
    };

    [Theory]
    [MemberData(nameof(Levels))]
    public void Round_trip_gives_both_sides_the_same_32_byte_secret(KeyExchangeMethod method, int ekLength, int ctLength)
    {
        var factory = KexTestData.Factory(method);
        Assert.Equal(ekLength, factory.InitiatorPublicValueLength);
        Assert.Equal(ctLength, factory.ResponderPublicValueLength);

        using var initiator = factory.CreateInitiator();
        Assert.Equal(ekLength, initiator.PublicValue.Length);
        Assert.True(factory.TryRespond(initiator.PublicValue.Span, out var ciphertext, out var responderSecret, out var error), error.ToString());
        Assert.Equal(ctLength, ciphertext!.Length);
        Assert.True(initiator.TryComputeSharedSecret(ciphertext, out var initiatorSecret, out error), error.ToString());
        using (responderSecret)
        using (initiatorSecret)
        {
            Assert.Equal(32, initiatorSecret!.Length);
            Assert.True(initiatorSecret.ReadOnlySpan.SequenceEqual(responderSecret!.ReadOnlySpan));
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Tampered_ciphertext_yields_a_different_secret(KeyExchangeMethod method, int ekLength, int ctLength)
    {
        _ = ekLength;
        _ = ctLength;
        var factory = KexTestData.Factory(method);
        using var initiator = factory.CreateInitiator();
        Assert.True(factory.TryRespond(initiator.PublicValue.Span, out var ciphertext, out var responderSecret, out _));
        ciphertext![5] ^= 0x40;
        Assert.True(initiator.TryComputeSharedSecret(ciphertext, out var initiatorSecret, out _));
        using (responderSecret)
        using (initiatorSecret)
        {
            Assert.False(initiatorSecret!.ReadOnlySpan.SequenceEqual(responderSecret!.ReadOnlySpan));
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Wrong_lengths_are_rejected(KeyExchangeMethod method, int ekLength, int ctLength)
    {
        var factory = KexTestData.Factory(method);
        using var initiator = factory.CreateInitiator();
        foreach (int length in new[] { 0, ctLength - 1, ctLength + 1 })
        {
            Assert.False(initiator.TryComputeSharedSecret(new byte[length], out var secret, out var error));
            Assert.Null(secret);
            Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
        }

        foreach (int length in new[] { 0, ekLength - 1, ekLength + 1 })
        {
            Assert.False(factory.TryRespond(new byte[length], out var reply, out var secret, out var error));
            Assert.Null(reply);
            Assert.Null(secret);
            Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Encapsulation_key_with_a_coefficient_of_q_fails_the_modulus_check(KeyExchangeMethod method, int ekLength, int ctLength)
    {
        _ = ctLength;
        var factory = KexTestData.Factory(method);
        using var initiator = factory.CreateInitiator();
        byte[] ek = initiator.PublicValue.ToArray();
        // Set the first 12-bit coefficient to q = 3329 = 0xD01.
        ek[0] = 0x01;
        ek[1] = (byte)((ek[1] & 0xF0) | 0x0D);
        Assert.Equal(ekLength, ek.Length);
        Assert.False(factory.TryRespond(ek, out _, out _, out var error));
        Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);

        // q − 1 is fine.
        ek[0] = 0x00;
        Assert.True(factory.TryRespond(ek, out _, out var secret, out _));
        secret!.Dispose();
    }

    [Fact]
    public void Modulus_check_looks_at_both_coefficients_of_each_triple()
    {
        var factory = MlKemKeyExchangeFactory.MlKem512;
        var ek = new byte[factory.EncapsulationKeyLength];
        Assert.True(factory.PassesModulusCheck(ek));
        // Second coefficient of the last triple = 0xFFF.
        ek[(384 * 2) - 2] = 0xF0;
        ek[(384 * 2) - 1] = 0xFF;
        Assert.False(factory.PassesModulusCheck(ek));
    }
}
