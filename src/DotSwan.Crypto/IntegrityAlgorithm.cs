namespace DotSwan.Crypto;

/// <summary>IKEv2 integrity algorithm IDs (IANA "Transform Type 3"), shared by IKE, ESP and AH.</summary>
public enum IntegrityAlgorithm : ushort
{
    /// <summary>NONE (with AEAD ciphers).</summary>
    None = 0,
    /// <summary>AUTH_HMAC_MD5_96.</summary>
    HmacMd596 = 1,
    /// <summary>AUTH_HMAC_SHA1_96.</summary>
    HmacSha196 = 2,
    /// <summary>AUTH_AES_XCBC_96 (RFC 3566).</summary>
    AesXcbc96 = 5,
    /// <summary>AUTH_AES_CMAC_96 (RFC 4494).</summary>
    AesCmac96 = 8,
    /// <summary>AUTH_HMAC_SHA2_256_128 (RFC 4868).</summary>
    HmacSha256128 = 12,
    /// <summary>AUTH_HMAC_SHA2_384_192.</summary>
    HmacSha384192 = 13,
    /// <summary>AUTH_HMAC_SHA2_512_256.</summary>
    HmacSha512256 = 14,
}
