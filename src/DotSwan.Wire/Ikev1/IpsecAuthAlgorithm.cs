namespace DotSwan.Wire.Ikev1;

/// <summary>IPsec DOI authentication algorithm attribute values (RFC 2407 §4.5 and IANA additions).</summary>
public enum IpsecAuthAlgorithm : ushort
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>HMAC-MD5.</summary>
    HmacMd5 = 1,

    /// <summary>HMAC-SHA.</summary>
    HmacSha = 2,

    /// <summary>DES-MAC.</summary>
    DesMac = 3,

    /// <summary>KPDK.</summary>
    Kpdk = 4,

    /// <summary>HMAC-SHA2-256.</summary>
    HmacSha256 = 5,

    /// <summary>HMAC-SHA2-384.</summary>
    HmacSha384 = 6,

    /// <summary>HMAC-SHA2-512.</summary>
    HmacSha512 = 7,

    /// <summary>HMAC-RIPEMD.</summary>
    HmacRipemd = 8,

    /// <summary>AES-XCBC-MAC.</summary>
    AesXcbcMac = 9,

    /// <summary>SIG-RSA.</summary>
    SigRsa = 10,

    /// <summary>AES-128-GMAC.</summary>
    Aes128Gmac = 11,

    /// <summary>AES-192-GMAC.</summary>
    Aes192Gmac = 12,

    /// <summary>AES-256-GMAC.</summary>
    Aes256Gmac = 13,
}
