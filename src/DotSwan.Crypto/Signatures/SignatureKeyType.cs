namespace DotSwan.Crypto.Signatures;

/// <summary>The kind of key behind a signer or verifier.</summary>
public enum SignatureKeyType
{
    /// <summary>An RSA key.</summary>
    Rsa = 1,
    /// <summary>An ECDSA key on a NIST prime curve.</summary>
    Ecdsa,
    /// <summary>An Ed25519 key.</summary>
    Ed25519,
}
