namespace DotSwan.Crypto.Signatures;

/// <summary>Hash algorithm ids of the SIGNATURE_HASH_ALGORITHMS notify (RFC 7427 §4, IANA "IKEv2 Hash Algorithms").</summary>
public enum SignatureHashAlgorithm : ushort
{
    /// <summary>SHA1.</summary>
    Sha1 = 1,
    /// <summary>SHA2-256.</summary>
    Sha256 = 2,
    /// <summary>SHA2-384.</summary>
    Sha384 = 3,
    /// <summary>SHA2-512.</summary>
    Sha512 = 4,
    /// <summary>Identity (RFC 8420): the signature algorithm hashes internally, as Ed25519 does.</summary>
    Identity = 5,
}
