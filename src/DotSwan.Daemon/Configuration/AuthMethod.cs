namespace DotSwan.Daemon.Configuration;

/// <summary>How one side authenticates.</summary>
public enum AuthMethod
{
    /// <summary>A pre-shared key from the secrets.</summary>
    Psk,

    /// <summary>A certificate and its private key (RSA, ECDSA, Ed25519 signatures).</summary>
    PublicKey,
}
