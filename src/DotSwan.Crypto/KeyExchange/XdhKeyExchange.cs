namespace DotSwan.Crypto.KeyExchange;

/// <summary>One side of an X25519/X448 exchange; the private key lives in a <see cref="SecretBytes"/> cleared on dispose.</summary>
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
        if (peerPublicValue.Length != _factory.KeySize)
        {
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, $"{Method} public value has {peerPublicValue.Length} bytes, expected {_factory.KeySize}");
            return false;
        }

        var secret = new SecretBytes(_factory.KeySize);
        if (!_factory.CalculateAgreement(_privateKey.ReadOnlySpan, peerPublicValue, secret.Span))
        {
            secret.Dispose();
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, $"{Method} shared secret is all zero: the peer sent a low-order point (RFC 8031 §2.3)");
            return false;
        }

        sharedSecret = secret;
        error = default;
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _privateKey.Dispose();
}
