namespace DotSwan.Wire.Ikev1;

/// <summary>IPsec DOI ESP transform identifiers (RFC 2407 §4.4.4 and IANA additions).</summary>
public enum EspTransformId : byte
{
    /// <summary>Reserved.</summary>
    Reserved = 0,

    /// <summary>ESP_DES_IV64.</summary>
    DesIv64 = 1,

    /// <summary>ESP_DES.</summary>
    Des = 2,

    /// <summary>ESP_3DES.</summary>
    TripleDes = 3,

    /// <summary>ESP_RC5.</summary>
    Rc5 = 4,

    /// <summary>ESP_IDEA.</summary>
    Idea = 5,

    /// <summary>ESP_CAST.</summary>
    Cast = 6,

    /// <summary>ESP_BLOWFISH.</summary>
    Blowfish = 7,

    /// <summary>ESP_3IDEA.</summary>
    TripleIdea = 8,

    /// <summary>ESP_DES_IV32.</summary>
    DesIv32 = 9,

    /// <summary>ESP_RC4.</summary>
    Rc4 = 10,

    /// <summary>ESP_NULL.</summary>
    Null = 11,

    /// <summary>ESP_AES (CBC, RFC 3602).</summary>
    Aes = 12,

    /// <summary>ESP_AES-CTR (RFC 3686).</summary>
    AesCtr = 13,

    /// <summary>ESP_AES-CCM with 8-octet ICV (RFC 4309).</summary>
    AesCcm8 = 14,

    /// <summary>ESP_AES-CCM with 12-octet ICV.</summary>
    AesCcm12 = 15,

    /// <summary>ESP_AES-CCM with 16-octet ICV.</summary>
    AesCcm16 = 16,

    /// <summary>ESP_AES-GCM with 8-octet ICV (RFC 4106).</summary>
    AesGcm8 = 18,

    /// <summary>ESP_AES-GCM with 12-octet ICV.</summary>
    AesGcm12 = 19,

    /// <summary>ESP_AES-GCM with 16-octet ICV.</summary>
    AesGcm16 = 20,

    /// <summary>ESP_SEED_CBC (RFC 4196).</summary>
    SeedCbc = 21,

    /// <summary>ESP_CAMELLIA (RFC 4312).</summary>
    Camellia = 22,

    /// <summary>ESP_NULL_AUTH_AES-GMAC (RFC 4543).</summary>
    NullAuthAesGmac = 23,
}
