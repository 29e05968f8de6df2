using DotSwan.Crypto;

namespace DotSwan.Ipsec.Backends.Xfrm;

/// <summary>
/// The Linux crypto API names the XFRM netlink interface takes for IKEv2 transform ids (the names strongSwan's
/// kernel-netlink plugin and `ip xfrm` use), with the key and ICV lengths in bits the structs carry.
/// </summary>
public static class XfrmAlgorithmNames
{
    /// <summary>
    /// The name of an AEAD: AES-GCM (RFC 4106), AES-CCM (RFC 4309) or ChaCha20-Poly1305 (RFC 7634), and its ICV length in
    /// bits; false for a non-AEAD id.
    /// </summary>
    public static bool TryGetAead(EncryptionAlgorithm algorithm, out string name, out int icvBits)
    {
        (name, icvBits) = algorithm switch
        {
            EncryptionAlgorithm.AesGcm8 => ("rfc4106(gcm(aes))", 64),
            EncryptionAlgorithm.AesGcm12 => ("rfc4106(gcm(aes))", 96),
            EncryptionAlgorithm.AesGcm16 => ("rfc4106(gcm(aes))", 128),
            EncryptionAlgorithm.AesCcm8 => ("rfc4309(ccm(aes))", 64),
            EncryptionAlgorithm.AesCcm12 => ("rfc4309(ccm(aes))", 96),
            EncryptionAlgorithm.AesCcm16 => ("rfc4309(ccm(aes))", 128),
            EncryptionAlgorithm.ChaCha20Poly1305 => ("rfc7539esp(chacha20,poly1305)", 128),
            _ => ("", 0),
        };
        return name.Length > 0;
    }

    /// <summary>The name of a non-AEAD ESP cipher; false for an AEAD or an unknown id.</summary>
    public static bool TryGetCipher(EncryptionAlgorithm algorithm, out string name)
    {
        name = algorithm switch
        {
            EncryptionAlgorithm.AesCbc => "cbc(aes)",
            EncryptionAlgorithm.AesCtr => "rfc3686(ctr(aes))",
            EncryptionAlgorithm.TripleDes => "cbc(des3_ede)",
            EncryptionAlgorithm.Null => "ecb(cipher_null)",
            _ => "",
        };
        return name.Length > 0;
    }

    /// <summary>The name of an integrity algorithm and its truncated ICV length in bits; false for None or an unknown id.</summary>
    public static bool TryGetIntegrity(IntegrityAlgorithm algorithm, out string name, out int truncationBits)
    {
        (name, truncationBits) = algorithm switch
        {
            IntegrityAlgorithm.HmacMd596 => ("hmac(md5)", 96),
            IntegrityAlgorithm.HmacSha196 => ("hmac(sha1)", 96),
            IntegrityAlgorithm.AesXcbc96 => ("xcbc(aes)", 96),
            IntegrityAlgorithm.AesCmac96 => ("cmac(aes)", 96),
            IntegrityAlgorithm.HmacSha256128 => ("hmac(sha256)", 128),
            IntegrityAlgorithm.HmacSha384192 => ("hmac(sha384)", 192),
            IntegrityAlgorithm.HmacSha512256 => ("hmac(sha512)", 256),
            _ => ("", 0),
        };
        return name.Length > 0;
    }
}
