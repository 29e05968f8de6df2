namespace DotSwan.Crypto;

/// <summary>Makes key exchanges of one method.</summary>
public interface IKeyExchangeFactory
{
    /// <summary>The IANA key exchange method.</summary>
    KeyExchangeMethod Method { get; }

    /// <summary>Length in bytes of the initiator's public value.</summary>
    int InitiatorPublicValueLength { get; }

    /// <summary>Length in bytes of the responder's public value (differs from the initiator's only for KEMs).</summary>
    int ResponderPublicValueLength { get; }

    /// <summary>Starts an exchange as initiator with a fresh private value.</summary>
    IKeyExchange CreateInitiator();

    /// <summary>
    /// Responds to the initiator's value: validates it, then produces our public value and the shared secret
    /// (DH: fresh key pair and g^xy; KEM: encapsulation to the peer's key).
    /// </summary>
    bool TryRespond(ReadOnlySpan<byte> initiatorPublicValue, out byte[]? responderPublicValue, out SecretBytes? sharedSecret, out CryptoError error);
}
