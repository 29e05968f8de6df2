namespace DotSwan.Wire.Ikev1;

/// <summary>IPsec DOI AH transform identifiers (RFC 2407 §4.4.3 and IANA additions).</summary>
public enum AhTransformId : byte
{
    /// <summary>Reserved.</summary>
    Reserved = 0,

    /// <summary>AH_MD5.</summary>
    Md5 = 2,

    /// <summary>AH_SHA.</summary>
    Sha = 3,

    /// <summary>AH_DES.</summary>
    Des = 4,

    /// <summary>AH_SHA2-256.</summary>
    Sha256 = 5,

    /// <summary>AH_SHA2-384.</summary>
    Sha384 = 6,

    /// <summary>AH_SHA2-512.</summary>
    Sha512 = 7,

    /// <summary>AH_RIPEMD.</summary>
    Ripemd = 8,

    /// <summary>AH_AES-XCBC-MAC.</summary>
    AesXcbcMac = 9,

    /// <summary>AH_RSA.</summary>
    Rsa = 10,

    /// <summary>AH_AES-128-GMAC.</summary>
    Aes128Gmac = 11,

    /// <summary>AH_AES-192-GMAC.</summary>
    Aes192Gmac = 12,

    /// <summary>AH_AES-256-GMAC.</summary>
    Aes256Gmac = 13,
}
