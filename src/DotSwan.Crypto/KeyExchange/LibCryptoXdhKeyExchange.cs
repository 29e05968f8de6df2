using System.Security.Cryptography;
using DotSwan.Crypto.Native;

namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// One side of an X25519/X448 exchange through libcrypto; the private key lives only inside OpenSSL's EVP_PKEY,
/// which clears it when the handle is disposed.
/// </summary>
internal sealed class LibCryptoXdhKeyExchange : IKeyExchange
{
    private readonly XdhKeyExchangeFactory _factory;
    private readonly SafeEvpPKeyHandle _key;
    private readonly byte[] _publicValue;

    /// <summary>Takes ownership of <paramref name="key"/>.</summary>
    internal LibCryptoXdhKeyExchange(XdhKeyExchangeFactory factory, SafeEvpPKeyHandle key, byte[] publicValue)
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
        sharedSecret = null;
        if (!_factory.TryCheckLength(peerPublicValue, out error))
        {
            return false;
        }

        var secret = new SecretBytes(_factory.KeySize);

        // OpenSSL 3 already refuses an all-zero result; the second check keeps RFC 8031 §2.3 independent of that.
        if (!LibCryptoEvpKeyExchange.TryDeriveXdh(_key, _factory.EvpPKeyType, peerPublicValue, secret.Span)
            || IsAllZero(secret.ReadOnlySpan))
        {
            secret.Dispose();
            error = XdhKeyExchangeFactory.LowOrderError(Method);
            return false;
        }

        sharedSecret = secret;
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    /// <summary>Looks at every byte whatever it finds, so the time taken says nothing about the secret.</summary>
    private static bool IsAllZero(ReadOnlySpan<byte> value)
    {
        int accumulator = 0;
        foreach (byte b in value)
        {
            accumulator |= b;
        }

        return accumulator == 0;
    }
}
