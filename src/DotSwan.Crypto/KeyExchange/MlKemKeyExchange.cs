using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;

namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// The initiator's side of an ML-KEM exchange: it publishes the encapsulation key and decapsulates the responder's ciphertext.
/// BouncyCastle keeps the decapsulation key in its own arrays, which we cannot clear; disposing drops our reference.
/// </summary>
internal sealed class MlKemKeyExchange : IKeyExchange
{
    private readonly MlKemKeyExchangeFactory _factory;
    private readonly byte[] _publicValue;
    private MLKemPrivateKeyParameters? _privateKey;

    internal MlKemKeyExchange(MlKemKeyExchangeFactory factory, MLKemPrivateKeyParameters privateKey)
    {
        _factory = factory;
        _privateKey = privateKey;
        _publicValue = privateKey.GetPublicKeyEncoded();
    }

    /// <inheritdoc />
    public KeyExchangeMethod Method => _factory.Method;

    /// <inheritdoc />
    public ReadOnlyMemory<byte> PublicValue => _publicValue;

    /// <summary>
    /// Decapsulates the responder's ciphertext. A tampered ciphertext of the right length is not detected here: ML-KEM's implicit
    /// rejection yields an unrelated secret and the exchange fails later, at AUTH.
    /// </summary>
    public bool TryComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue, out SecretBytes? sharedSecret, out CryptoError error)
    {
        ObjectDisposedException.ThrowIf(_privateKey is null, this);
        sharedSecret = null;
        if (peerPublicValue.Length != _factory.CiphertextLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, $"{Method} ciphertext has {peerPublicValue.Length} bytes, expected {_factory.CiphertextLength}");
            return false;
        }

        var decapsulator = new MLKemDecapsulator(_factory.Parameters);
        decapsulator.Init(_privateKey);
        var secret = new SecretBytes(MlKemKeyExchangeFactory.SharedSecretLength);
        decapsulator.Decapsulate(peerPublicValue, secret.Span);
        sharedSecret = secret;
        error = default;
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _privateKey = null;
}
