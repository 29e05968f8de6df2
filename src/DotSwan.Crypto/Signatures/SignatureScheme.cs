namespace DotSwan.Crypto.Signatures;

/// <summary>
/// A signature algorithm together with its hash and encoding, as IKE uses them.
/// The curve of an ECDSA key is fixed only for the RFC 4754 schemes; RFC 7427 schemes take it from the key.
/// </summary>
public enum SignatureScheme
{
    /// <summary>RSASSA-PKCS1-v1_5 with SHA-1 (IKEv2 AUTH method 1, RFC 7296; sha1WithRSAEncryption in RFC 7427).</summary>
    RsaPkcs1Sha1 = 1,
    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 (sha256WithRSAEncryption).</summary>
    RsaPkcs1Sha256,
    /// <summary>RSASSA-PKCS1-v1_5 with SHA-384 (sha384WithRSAEncryption).</summary>
    RsaPkcs1Sha384,
    /// <summary>RSASSA-PKCS1-v1_5 with SHA-512 (sha512WithRSAEncryption).</summary>
    RsaPkcs1Sha512,
    /// <summary>RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt.</summary>
    RsaPssSha256,
    /// <summary>RSASSA-PSS with SHA-384, MGF1-SHA-384 and a 48-byte salt.</summary>
    RsaPssSha384,
    /// <summary>RSASSA-PSS with SHA-512, MGF1-SHA-512 and a 64-byte salt.</summary>
    RsaPssSha512,
    /// <summary>ECDSA on P-256 with SHA-256, signature r ‖ s fixed-size (RFC 4754, IKEv2 AUTH method 9, IKEv1 method 9).</summary>
    EcdsaP256Sha256,
    /// <summary>ECDSA on P-384 with SHA-384, r ‖ s (RFC 4754, method 10).</summary>
    EcdsaP384Sha384,
    /// <summary>ECDSA on P-521 with SHA-512, r ‖ s (RFC 4754, method 11).</summary>
    EcdsaP521Sha512,
    /// <summary>ecdsa-with-SHA256 as RFC 7427 carries it: DER Ecdsa-Sig-Value, any supported curve.</summary>
    EcdsaSha256Der,
    /// <summary>ecdsa-with-SHA384, DER signature.</summary>
    EcdsaSha384Der,
    /// <summary>ecdsa-with-SHA512, DER signature.</summary>
    EcdsaSha512Der,
    /// <summary>Pure Ed25519 over the whole signed octets (RFC 8420).</summary>
    Ed25519,
    /// <summary>
    /// IKEv1 RSA signature (RFC 2409 §5.1): PKCS#1 v1.5 type-1 padding over the raw HASH_I/HASH_R, without DigestInfo.
    /// </summary>
    Ikev1Rsa,
    /// <summary>
    /// IKEv1 ECDSA on P-256 (method 9, RFC 4754): the HASH_I/HASH_R given (computed with HMAC-SHA-256) signed as is, without
    /// hashing it again, r ‖ s — what strongSwan does.
    /// </summary>
    Ikev1EcdsaP256,
    /// <summary>IKEv1 ECDSA on P-384 (method 10): the HMAC-SHA-384 HASH_I/HASH_R signed as is, r ‖ s.</summary>
    Ikev1EcdsaP384,
    /// <summary>IKEv1 ECDSA on P-521 (method 11): the HMAC-SHA-512 HASH_I/HASH_R signed as is, r ‖ s.</summary>
    Ikev1EcdsaP521,
}
