namespace DotSwan.Crypto.KeyExchange;

/// <summary>One side of a MODP Diffie-Hellman exchange; holds the private exponent until disposed.</summary>
internal sealed class ModpKeyExchange : IKeyExchange
{
    private readonly ModpGroup _group;
    private readonly SecretBytes _exponent;
    private readonly byte[] _publicValue;

    /// <summary>Takes ownership of <paramref name="exponent"/>.</summary>
    internal ModpKeyExchange(ModpGroup group, SecretBytes exponent, byte[] publicValue)
    {
        _group = group;
        _exponent = exponent;
        _publicValue = publicValue;
    }

    /// <inheritdoc />
    public KeyExchangeMethod Method => _group.Method;

    /// <inheritdoc />
    public ReadOnlyMemory<byte> PublicValue => _publicValue;

    /// <inheritdoc />
    public bool TryComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue, out SecretBytes? sharedSecret, out CryptoError error)
    {
        sharedSecret = null;
        if (!TryValidatePeerValue(_group, peerPublicValue, out error))
        {
            return false;
        }

        var secret = new SecretBytes(_group.Length);
        if (!ModularExponentiation.TryModPow(peerPublicValue, _exponent.ReadOnlySpan, _group.Prime, secret.Span))
        {
            secret.Dispose();
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, "modular exponentiation failed");
            return false;
        }

        sharedSecret = secret;
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _exponent.Dispose();

    /// <summary>RFC 6989 §2.1 for safe-prime groups: exactly the prime's length and 1 &lt; y &lt; p − 1.</summary>
    internal static bool TryValidatePeerValue(ModpGroup group, ReadOnlySpan<byte> value, out CryptoError error)
    {
        if (value.Length != group.Length)
        {
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, $"MODP-{group.Length * 8} public value has {value.Length} bytes, expected {group.Length}");
            return false;
        }

        // The value is public, so an ordinary (variable-time) comparison is fine.
        bool greaterThanOne = value[..^1].ContainsAnyExcept((byte)0) || value[^1] > 1;
        if (!greaterThanOne || value.SequenceCompareTo(group.PrimeMinusOne) >= 0)
        {
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, $"MODP-{group.Length * 8} public value is outside 1 < y < p-1 (RFC 6989)");
            return false;
        }

        error = default;
        return true;
    }
}
