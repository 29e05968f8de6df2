using System.Security.Cryptography;

namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// One side of an ECDH exchange over a prime curve through the BCL (the fallback when libcrypto is unavailable);
/// disposing frees (and so clears) the private key.
/// </summary>
internal sealed class EcpKeyExchange : IKeyExchange
{
    private readonly EcpKeyExchangeFactory _factory;
    private readonly ECDiffieHellman _key;
    private readonly byte[] _publicValue;

    /// <summary>Takes ownership of <paramref name="key"/>.</summary>
    internal EcpKeyExchange(EcpKeyExchangeFactory factory, ECDiffieHellman key)
    {
        _factory = factory;
        _key = key;
        _publicValue = factory.EncodePublicValue(key);
    }

    /// <inheritdoc />
    public KeyExchangeMethod Method => _factory.Method;

    /// <inheritdoc />
    public ReadOnlyMemory<byte> PublicValue => _publicValue;

    /// <inheritdoc />
    public bool TryComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue, out SecretBytes? sharedSecret, out CryptoError error)
    {
        using ECDiffieHellman? peer = _factory.TryImportPeer(peerPublicValue, out error);
        if (peer is null)
        {
            sharedSecret = null;
            return false;
        }

        return TryAgree(peer, out sharedSecret, out error);
    }

    /// <summary>The x coordinate of our scalar times the (validated) peer point, left-padded to the field size.</summary>
    internal bool TryAgree(ECDiffieHellman peer, out SecretBytes? sharedSecret, out CryptoError error)
    {
        byte[]? raw = null;
        try
        {
            using ECDiffieHellmanPublicKey peerKey = peer.PublicKey;
            raw = _key.DeriveRawSecretAgreement(peerKey);
        }
#pragma warning disable CA1031 // Peer input must never escape as an exception.
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
#pragma warning restore CA1031
        {
            sharedSecret = null;
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, $"{Method} agreement failed (point at infinity or invalid point)");
            return false;
        }

        try
        {
            var secret = new SecretBytes(_factory.FieldSize);
            raw.CopyTo(secret.Span[(_factory.FieldSize - raw.Length)..]);
            sharedSecret = secret;
            error = default;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
