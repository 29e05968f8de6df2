namespace DotSwan.Crypto;

/// <summary>IKEv2 encryption transform IDs (IANA "Transform Type 1"), shared by IKE and ESP.</summary>
public enum EncryptionAlgorithm : ushort
{
    /// <summary>ENCR_DES (legacy).</summary>
    Des = 2,
    /// <summary>ENCR_3DES (legacy).</summary>
    TripleDes = 3,
    /// <summary>ENCR_NULL (ESP only).</summary>
    Null = 11,
    /// <summary>ENCR_AES_CBC (RFC 3602).</summary>
    AesCbc = 12,
    /// <summary>ENCR_AES_CTR (RFC 3686).</summary>
    AesCtr = 13,
    /// <summary>ENCR_AES_CCM_8 (RFC 4309).</summary>
    AesCcm8 = 14,
    /// <summary>ENCR_AES_CCM_12.</summary>
    AesCcm12 = 15,
    /// <summary>ENCR_AES_CCM_16.</summary>
    AesCcm16 = 16,
    /// <summary>ENCR_AES_GCM_8 (RFC 4106).</summary>
    AesGcm8 = 18,
    /// <summary>ENCR_AES_GCM_12.</summary>
    AesGcm12 = 19,
    /// <summary>ENCR_AES_GCM_16.</summary>
    AesGcm16 = 20,
    /// <summary>ENCR_CHACHA20_POLY1305 (RFC 7634).</summary>
    ChaCha20Poly1305 = 28,
}
