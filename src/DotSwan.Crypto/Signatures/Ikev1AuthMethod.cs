namespace DotSwan.Crypto.Signatures;

/// <summary>IKEv1 Authentication Method attribute values that sign (RFC 2409 Appendix A, RFC 4754 §4).</summary>
public enum Ikev1AuthMethod : ushort
{
    /// <summary>DSS signatures (not supported here).</summary>
    DssSignatures = 2,
    /// <summary>RSA signatures: PKCS#1 v1.5 type-1 padding over HASH_I/HASH_R, no DigestInfo (RFC 2409 §5.1).</summary>
    RsaSignatures = 3,
    /// <summary>ECDSA on P-256, r ‖ s, over HASH_I/HASH_R computed with HMAC-SHA-256 (RFC 4754).</summary>
    EcdsaSha256P256 = 9,
    /// <summary>ECDSA on P-384, r ‖ s, over HASH_I/HASH_R computed with HMAC-SHA-384 (RFC 4754).</summary>
    EcdsaSha384P384 = 10,
    /// <summary>ECDSA on P-521, r ‖ s, over HASH_I/HASH_R computed with HMAC-SHA-512 (RFC 4754).</summary>
    EcdsaSha512P521 = 11,
}
