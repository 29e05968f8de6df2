namespace DotSwan.Ike.Authentication;

/// <summary>How one side of a connection authenticates (strongSwan's <c>auth = psk | pubkey</c>).</summary>
public enum AuthenticationClass
{
    /// <summary>Shared Key Message Integrity Code with the connection's pre-shared key (AUTH method 2).</summary>
    SharedKey,

    /// <summary>
    /// A signature with the private key of an X.509 certificate: AUTH method 14 (RFC 7427) when the peer announced
    /// SIGNATURE_HASH_ALGORITHMS, otherwise the classic methods 1 (RSA) and 9–11 (ECDSA, RFC 4754).
    /// </summary>
    PublicKey,
}
