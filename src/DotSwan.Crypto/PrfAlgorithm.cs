namespace DotSwan.Crypto;

/// <summary>IKEv2 pseudo-random function IDs (IANA "Transform Type 2").</summary>
public enum PrfAlgorithm : ushort
{
    /// <summary>PRF_HMAC_MD5.</summary>
    HmacMd5 = 1,
    /// <summary>PRF_HMAC_SHA1.</summary>
    HmacSha1 = 2,
    /// <summary>PRF_AES128_XCBC (RFC 4434).</summary>
    Aes128Xcbc = 4,
    /// <summary>PRF_HMAC_SHA2_256.</summary>
    HmacSha256 = 5,
    /// <summary>PRF_HMAC_SHA2_384.</summary>
    HmacSha384 = 6,
    /// <summary>PRF_HMAC_SHA2_512.</summary>
    HmacSha512 = 7,
    /// <summary>PRF_AES128_CMAC (RFC 4615).</summary>
    Aes128Cmac = 8,
}
