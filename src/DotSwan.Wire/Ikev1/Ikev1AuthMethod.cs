namespace DotSwan.Wire.Ikev1;

/// <summary>Phase 1 authentication methods (RFC 2409 App. A, RFC 4754, XAUTH/hybrid private-use values).</summary>
public enum Ikev1AuthMethod : ushort
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>Pre-shared key.</summary>
    PreSharedKey = 1,

    /// <summary>DSS signatures.</summary>
    DssSignature = 2,

    /// <summary>RSA signatures.</summary>
    RsaSignature = 3,

    /// <summary>Encryption with RSA.</summary>
    RsaEncryption = 4,

    /// <summary>Revised encryption with RSA.</summary>
    RevisedRsaEncryption = 5,

    /// <summary>ECDSA with SHA-256 on P-256 (RFC 4754).</summary>
    EcdsaSha256P256 = 9,

    /// <summary>ECDSA with SHA-384 on P-384 (RFC 4754).</summary>
    EcdsaSha384P384 = 10,

    /// <summary>ECDSA with SHA-512 on P-521 (RFC 4754).</summary>
    EcdsaSha512P521 = 11,

    /// <summary>Hybrid authentication, initiator RSA (draft-ietf-ipsec-isakmp-hybrid-auth).</summary>
    HybridInitRsa = 64221,

    /// <summary>Hybrid authentication, responder RSA.</summary>
    HybridRespRsa = 64222,

    /// <summary>Hybrid authentication, initiator DSS.</summary>
    HybridInitDss = 64223,

    /// <summary>Hybrid authentication, responder DSS.</summary>
    HybridRespDss = 64224,

    /// <summary>XAUTH with pre-shared key, initiator.</summary>
    XauthInitPreShared = 65001,

    /// <summary>XAUTH with pre-shared key, responder.</summary>
    XauthRespPreShared = 65002,

    /// <summary>XAUTH with DSS, initiator.</summary>
    XauthInitDss = 65003,

    /// <summary>XAUTH with DSS, responder.</summary>
    XauthRespDss = 65004,

    /// <summary>XAUTH with RSA signatures, initiator.</summary>
    XauthInitRsa = 65005,

    /// <summary>XAUTH with RSA signatures, responder.</summary>
    XauthRespRsa = 65006,

    /// <summary>XAUTH with RSA encryption, initiator.</summary>
    XauthInitRsaEncryption = 65007,

    /// <summary>XAUTH with RSA encryption, responder.</summary>
    XauthRespRsaEncryption = 65008,

    /// <summary>XAUTH with revised RSA encryption, initiator.</summary>
    XauthInitRsaRevisedEncryption = 65009,

    /// <summary>XAUTH with revised RSA encryption, responder.</summary>
    XauthRespRsaRevisedEncryption = 65010,
}
