namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// One side of an X25519/X448 exchange: the length check, the agreement and the RFC 8031 §2.3 all-zero check are the
/// same whichever library holds the private key, so only <see cref="TryAgree"/> and disposal differ between backends.
/// </summary>
internal abstract class XdhKeyExchange : IKeyExchange
{
    private readonly byte[] _publicValue;

    /// <summary>Remembers the group and our public value.</summary>
    private protected XdhKeyExchange(XdhKeyExchangeFactory factory, byte[] publicValue)
    {
        Factory = factory;
        _publicValue = publicValue;
    }

    /// <inheritdoc />
    public KeyExchangeMethod Method => Factory.Method;

    /// <inheritdoc />
    public ReadOnlyMemory<byte> PublicValue => _publicValue;

    /// <summary>The group's parameters.</summary>
    private protected XdhKeyExchangeFactory Factory { get; }

    /// <inheritdoc />
    public bool TryComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue, out SecretBytes? sharedSecret, out CryptoError error)
    {
        sharedSecret = null;
        if (!Factory.TryCheckLength(peerPublicValue, out error))
        {
            return false;
        }

        var secret = new SecretBytes(Factory.KeySize);

        // Both libraries refuse an all-zero result already; the second check keeps RFC 8031 §2.3 independent of that.
        if (!TryAgree(peerPublicValue, secret.Span) || IsAllZero(secret.ReadOnlySpan))
        {
            secret.Dispose();
            error = XdhKeyExchangeFactory.LowOrderError(Method);
            return false;
        }

        sharedSecret = secret;
        return true;
    }

    /// <inheritdoc />
    public abstract void Dispose();

    /// <summary>Computes the raw agreement with the peer's (length-checked) public value into <paramref name="secret"/>.</summary>
    private protected abstract bool TryAgree(ReadOnlySpan<byte> peerPublicValue, Span<byte> secret);

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
