using System.Security.Cryptography;
using DotSwan.Crypto.Native;

namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// One side of an ECDH exchange over a prime curve through libcrypto's EC_KEY; the private scalar lives only inside
/// OpenSSL, which clears it when the handle is disposed.
/// </summary>
internal sealed class LibCryptoEcpKeyExchange : IKeyExchange
{
    private readonly EcpKeyExchangeFactory _factory;
    private readonly SafeEvpPKeyHandle _key;
    private readonly byte[] _publicValue;

    /// <summary>Takes ownership of <paramref name="key"/>.</summary>
    internal LibCryptoEcpKeyExchange(EcpKeyExchangeFactory factory, SafeEvpPKeyHandle key, byte[] publicValue)
    {
        _factory = factory;
        _key = key;
        _publicValue = publicValue;
    }

    /// <inheritdoc />
    public KeyExchangeMethod Method => _factory.Method;

    /// <inheritdoc />
    public ReadOnlyMemory<byte> PublicValue => _publicValue;

    /// <inheritdoc />
    public bool TryComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue, out SecretBytes? sharedSecret, out CryptoError error)
    {
        nint point = _factory.TryDecodePeerPoint(peerPublicValue, out error);
        if (point == 0)
        {
            sharedSecret = null;
            return false;
        }

        try
        {
            return TryAgree(point, out sharedSecret, out error);
        }
        finally
        {
            LibCryptoEvpKeyExchange.FreePoint(point);
        }
    }

    /// <summary>The x coordinate of our scalar times the (validated) peer point, field-size.</summary>
    internal bool TryAgree(nint peerPoint, out SecretBytes? sharedSecret, out CryptoError error)
    {
        var secret = new SecretBytes(_factory.FieldSize);
        if (!LibCryptoEvpKeyExchange.TryDeriveEc(_key, peerPoint, secret.Span))
        {
            secret.Dispose();
            sharedSecret = null;
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, $"{Method} agreement failed (point at infinity or invalid point)");
            return false;
        }

        sharedSecret = secret;
        error = default;
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
