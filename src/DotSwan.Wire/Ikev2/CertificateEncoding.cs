namespace DotSwan.Wire.Ikev2;

/// <summary>Certificate encodings of CERT and CERTREQ (IANA "IKEv2 Certificate Encodings").</summary>
public enum CertificateEncoding : byte
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>PKCS #7 wrapped X.509 certificate.</summary>
    Pkcs7WrappedX509Certificate = 1,

    /// <summary>PGP certificate.</summary>
    PgpCertificate = 2,

    /// <summary>DNS signed key.</summary>
    DnsSignedKey = 3,

    /// <summary>X.509 certificate - signature.</summary>
    X509CertificateSignature = 4,

    /// <summary>Kerberos token.</summary>
    KerberosToken = 6,

    /// <summary>Certificate revocation list (CRL).</summary>
    CertificateRevocationList = 7,

    /// <summary>Authority revocation list (ARL).</summary>
    AuthorityRevocationList = 8,

    /// <summary>SPKI certificate.</summary>
    SpkiCertificate = 9,

    /// <summary>X.509 certificate - attribute.</summary>
    X509CertificateAttribute = 10,

    /// <summary>Raw RSA key (deprecated).</summary>
    RawRsaKey = 11,

    /// <summary>Hash and URL of X.509 certificate.</summary>
    HashAndUrlX509Certificate = 12,

    /// <summary>Hash and URL of X.509 bundle.</summary>
    HashAndUrlX509Bundle = 13,

    /// <summary>OCSP content (RFC 4806).</summary>
    OcspContent = 14,

    /// <summary>Raw public key (RFC 7670).</summary>
    RawPublicKey = 15,
}
