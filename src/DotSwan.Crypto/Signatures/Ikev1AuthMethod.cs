namespace DotSwan.Crypto.Signatures;

/// <summary>IKEv1 Authentication Method attribute values that sign (RFC 2409 Appendix A, RFC 4754 §4).</summary>
public enum Ikev1AuthMethod : ushort
{
    /// <summary>DSS signatures (not supported here).</summary>
    DssSignatures = 2,
    /// <summary>RSA signatures: PKCS#1 v1.5 type-1 padding over HASH_I/HASH_R, no DigestInfo (RFC 2409 §5.1).</summary>
    RsaSignatures = 3,
    /// <summary>ECDSA with SHA-256 on P-256, r ‖ s (RFC 4754).</summary>
    EcdsaSha256P256 = 9,
    /// <summary>ECDSA with SHA-384 on P-384, r ‖ s (RFC 4754).</summary>
    EcdsaSha384P384 = 10,
    /// <summary>ECDSA with SHA-512 on P-521, r ‖ s (RFC 4754).</summary>
    EcdsaSha512P521 = 11,
}
