using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// X25519 and X448 (RFC 7748) for IKEv2 groups 31 and 32 (RFC 8031), through BouncyCastle's RFC 7748 arithmetic
/// (the BCL has neither). Keys are the raw 32/56-byte strings; an all-zero shared secret is refused (RFC 8031 §2.3).
/// </summary>
internal sealed class XdhKeyExchangeFactory : IKeyExchangeFactory
{
    private XdhKeyExchangeFactory(KeyExchangeMethod method, int keySize)
    {
        Method = method;
        KeySize = keySize;
    }

    /// <summary>X25519, group 31.</summary>
    public static XdhKeyExchangeFactory Curve25519 { get; } = new(KeyExchangeMethod.Curve25519, 32);

    /// <summary>X448, group 32.</summary>
    public static XdhKeyExchangeFactory Curve448 { get; } = new(KeyExchangeMethod.Curve448, 56);

    /// <inheritdoc />
    public KeyExchangeMethod Method { get; }

    /// <summary>Bytes in a private key, a public value and the shared secret.</summary>
    public int KeySize { get; }

    /// <inheritdoc />
    public int InitiatorPublicValueLength => KeySize;

    /// <inheritdoc />
    public int ResponderPublicValueLength => KeySize;

    /// <inheritdoc />
    public IKeyExchange CreateInitiator()
    {
        var privateKey = new SecretBytes(KeySize);
        RandomNumberGenerator.Fill(privateKey.Span);
        return CreateWithPrivateKey(privateKey);
    }

    /// <summary>An exchange with a chosen private key (clamped when used); takes ownership of <paramref name="privateKey"/>.</summary>
    internal XdhKeyExchange CreateWithPrivateKey(SecretBytes privateKey)
    {
        var publicValue = new byte[KeySize];
        if (Method == KeyExchangeMethod.Curve25519)
        {
            X25519.ScalarMultBase(privateKey.ReadOnlySpan, publicValue);
        }
        else
        {
            X448.ScalarMultBase(privateKey.ReadOnlySpan, publicValue);
        }

        return new XdhKeyExchange(this, privateKey, publicValue);
    }

    /// <inheritdoc />
    public bool TryRespond(ReadOnlySpan<byte> initiatorPublicValue, out byte[]? responderPublicValue, out SecretBytes? sharedSecret, out CryptoError error)
    {
        responderPublicValue = null;
        using var exchange = (XdhKeyExchange)CreateInitiator();
        if (!exchange.TryComputeSharedSecret(initiatorPublicValue, out sharedSecret, out error))
        {
            return false;
        }

        responderPublicValue = exchange.PublicValue.ToArray();
        return true;
    }

    /// <summary>The RFC 7748 function X25519/X448(k, u); false when the result is all zero (a low-order u).</summary>
    internal bool CalculateAgreement(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> u, Span<byte> result) =>
        Method == KeyExchangeMethod.Curve25519
            ? X25519.CalculateAgreement(privateKey, u, result)
            : X448.CalculateAgreement(privateKey, u, result);
}
