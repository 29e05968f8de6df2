namespace DotSwan.Ike.Authentication;

/// <summary>Why a peer's certificates were refused by <see cref="PeerCertificate.TryVerify"/> (IKEv1 maps these to different notifications).</summary>
public enum PeerCertificateError
{
    /// <summary>Accepted.</summary>
    None,

    /// <summary>The peer sent no X.509 certificate.</summary>
    NoCertificate,

    /// <summary>A CERT payload does not hold a readable X.509 certificate.</summary>
    Malformed,

    /// <summary>The certificate does not validate: untrusted CA, expired or not yet valid, revoked, bad signature, wrong key usage.</summary>
    NotAcceptable,

    /// <summary>The identity the peer claims is neither the certificate's subject nor one of its subjectAltNames.</summary>
    IdentityMismatch,

    /// <summary>The certificate's public key is of a kind we cannot verify with.</summary>
    UnsupportedKey,
}
