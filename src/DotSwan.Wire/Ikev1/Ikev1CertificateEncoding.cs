namespace DotSwan.Wire.Ikev1;

/// <summary>Certificate encodings of CERT and CR payloads (RFC 2408 §3.9).</summary>
public enum Ikev1CertificateEncoding : byte
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>PKCS #7 wrapped X.509 certificate.</summary>
    Pkcs7WrappedX509 = 1,

    /// <summary>PGP certificate.</summary>
    Pgp = 2,

    /// <summary>DNS signed key.</summary>
    DnsSignedKey = 3,

    /// <summary>X.509 certificate for signatures.</summary>
    X509Signature = 4,

    /// <summary>X.509 certificate for key exchange.</summary>
    X509KeyExchange = 5,

    /// <summary>Kerberos tokens.</summary>
    KerberosTokens = 6,

    /// <summary>Certificate revocation list.</summary>
    Crl = 7,

    /// <summary>Authority revocation list.</summary>
    Arl = 8,

    /// <summary>SPKI certificate.</summary>
    Spki = 9,

    /// <summary>X.509 attribute certificate.</summary>
    X509Attribute = 10,
}
