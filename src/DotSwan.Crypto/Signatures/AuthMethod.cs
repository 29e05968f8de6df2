namespace DotSwan.Crypto.Signatures;

/// <summary>IKEv2 authentication methods of the AUTH payload (IANA "IKEv2 Authentication Method").</summary>
public enum AuthMethod : byte
{
    /// <summary>RSA Digital Signature: PKCS#1 v1.5 with SHA-1 (RFC 7296).</summary>
    RsaDigitalSignature = 1,
    /// <summary>Shared Key Message Integrity Code (PSK).</summary>
    SharedKeyMessageIntegrityCode = 2,
    /// <summary>DSS Digital Signature (not supported here).</summary>
    DssDigitalSignature = 3,
    /// <summary>ECDSA with SHA-256 on the P-256 curve (RFC 4754).</summary>
    EcdsaSha256P256 = 9,
    /// <summary>ECDSA with SHA-384 on the P-384 curve (RFC 4754).</summary>
    EcdsaSha384P384 = 10,
    /// <summary>ECDSA with SHA-512 on the P-521 curve (RFC 4754).</summary>
    EcdsaSha512P521 = 11,
    /// <summary>NULL authentication (RFC 7619).</summary>
    NullAuthentication = 13,
    /// <summary>Digital Signature (RFC 7427): the AUTH data carries the AlgorithmIdentifier.</summary>
    DigitalSignature = 14,
}
