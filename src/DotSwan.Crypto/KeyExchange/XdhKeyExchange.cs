namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// One side of an X25519/X448 exchange through BouncyCastle (the fallback when libcrypto is unavailable); the private key
/// lives in a <see cref="SecretBytes"/> cleared on dispose.
/// </summary>
internal sealed class XdhKeyExchange : IKeyExchange
{
    private readonly XdhKeyExchangeFactory _factory;
    private readonly SecretBytes _privateKey;
    private readonly byte[] _publicValue;

    /// <summary>Takes ownership of <paramref name="privateKey"/>.</summary>
    internal XdhKeyExchange(XdhKeyExchangeFactory factory, SecretBytes privateKey, byte[] publicValue)
    {
        _factory = factory;
        _privateKey = privateKey;
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
        if (!_factory.CalculateAgreement(_privateKey.ReadOnlySpan, peerPublicValue, secret.Span))
        {
            secret.Dispose();
            error = XdhKeyExchangeFactory.LowOrderError(Method);
            return false;
        }

        sharedSecret = secret;
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _privateKey.Dispose();
}
