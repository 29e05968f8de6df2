using System.Security.Cryptography;

namespace DotSwan.Crypto.KeyExchange;

/// <summary>Finite-field Diffie-Hellman over one MODP group (RFC 2409, RFC 3526), generator 2.</summary>
internal sealed class ModpKeyExchangeFactory : IKeyExchangeFactory
{
    /// <summary>Creates the factory of one group.</summary>
    public ModpKeyExchangeFactory(ModpGroup group) => Group = group;

    /// <summary>The group.</summary>
    public ModpGroup Group { get; }

    /// <inheritdoc />
    public KeyExchangeMethod Method => Group.Method;

    /// <inheritdoc />
    public int InitiatorPublicValueLength => Group.Length;

    /// <inheritdoc />
    public int ResponderPublicValueLength => Group.Length;

    /// <inheritdoc />
    public IKeyExchange CreateInitiator() => CreateWithExponent(GenerateExponent());

    /// <inheritdoc />
    public bool TryRespond(ReadOnlySpan<byte> initiatorPublicValue, out byte[]? responderPublicValue, out SecretBytes? sharedSecret, out CryptoError error)
    {
        responderPublicValue = null;
        sharedSecret = null;
        if (!ModpKeyExchange.TryValidatePeerValue(Group, initiatorPublicValue, out error))
        {
            return false;
        }

        using var exchange = (ModpKeyExchange)CreateInitiator();
        if (!exchange.TryComputeSharedSecret(initiatorPublicValue, out sharedSecret, out error))
        {
            return false;
        }

        responderPublicValue = exchange.PublicValue.ToArray();
        return true;
    }

    /// <summary>An exchange with a chosen private exponent (big-endian); for known-answer tests. Takes ownership of <paramref name="exponent"/>.</summary>
    internal ModpKeyExchange CreateWithExponent(SecretBytes exponent)
    {
        var publicValue = new byte[Group.Length];
        if (!ModularExponentiation.TryModPow(ModpGroup.Generator, exponent.ReadOnlySpan, Group.Prime, publicValue))
        {
            exponent.Dispose();
            throw new CryptographicException("Modular exponentiation failed for our own public value.");
        }

        return new ModpKeyExchange(Group, exponent, publicValue);
    }

    private SecretBytes GenerateExponent()
    {
        int bits = Group.ExponentBits;
        var exponent = new SecretBytes((bits + 7) / 8);
        Span<byte> x = exponent.Span;
        RandomNumberGenerator.Fill(x);

        // Keep exactly `bits` bits with the top one set: the exponent is never tiny and always below p − 1.
        int topBits = bits % 8 == 0 ? 8 : bits % 8;
        x[0] &= (byte)((1 << topBits) - 1);
        x[0] |= (byte)(1 << (topBits - 1));
        return exponent;
    }
}
