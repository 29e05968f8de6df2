namespace DotSwan.Crypto;

/// <summary>
/// One side of one key exchange — Diffie-Hellman, ECDH or a KEM — behind one interface, as RFC 9370 treats them.
/// The initiator creates one with a fresh private value and sends <see cref="PublicValue"/>; the responder
/// calls <see cref="IKeyExchangeFactory.TryRespond"/> with the initiator's value. Disposing clears the private value.
/// </summary>
public interface IKeyExchange : IDisposable
{
    /// <summary>The IANA key exchange method.</summary>
    KeyExchangeMethod Method { get; }

    /// <summary>Our public value in IKE's encoding (DH: g^x left-padded to the prime length; ECP: x ‖ y; X25519/X448: u; KEM: the encapsulation key).</summary>
    ReadOnlyMemory<byte> PublicValue { get; }

    /// <summary>
    /// Validates the peer's value (RFC 6989) and derives the shared secret
    /// (DH: g^xy left-padded; ECP: x coordinate; KEM: decapsulates the peer's ciphertext).
    /// </summary>
    bool TryComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue, out SecretBytes? sharedSecret, out CryptoError error);
}
