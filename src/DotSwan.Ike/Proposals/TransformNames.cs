using System.Globalization;
using DotSwan.Crypto;

namespace DotSwan.Ike.Proposals;

/// <summary>
/// The names strongSwan prints for transforms in its logs (<c>IKE:AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519</c>),
/// so an operator can compare our messages with a strongSwan peer's log side by side.
/// </summary>
internal static class TransformNames
{
    public static string Describe(ProposalTransform transform)
    {
        string? name = transform.Type switch
        {
            TransformType.Encryption => Encryption(transform),
            TransformType.Prf => Prf((PrfAlgorithm)transform.Id),
            TransformType.Integrity => Integrity((IntegrityAlgorithm)transform.Id),
            TransformType.KeyExchange => KeyExchange((KeyExchangeMethod)transform.Id),
            TransformType.ExtendedSequenceNumbers => transform.Id switch { 0 => "NO_EXT_SEQ", 1 => "EXT_SEQ", _ => null },
            >= TransformType.AdditionalKeyExchange1 and <= TransformType.AdditionalKeyExchange7 =>
                KeyExchange((KeyExchangeMethod)transform.Id) is { } ke
                    ? string.Create(CultureInfo.InvariantCulture, $"KE{transform.Type - TransformType.AdditionalKeyExchange1 + 1}_{ke}")
                    : null,
            _ => null,
        };
        return name ?? string.Create(CultureInfo.InvariantCulture, $"UNKNOWN_{(byte)transform.Type}_{transform.Id}");
    }

    private static string? Encryption(ProposalTransform t)
    {
        string? family = (EncryptionAlgorithm)t.Id switch
        {
            EncryptionAlgorithm.AesCbc => "AES_CBC",
            EncryptionAlgorithm.AesCtr => "AES_CTR",
            EncryptionAlgorithm.AesGcm8 => "AES_GCM_8",
            EncryptionAlgorithm.AesGcm12 => "AES_GCM_12",
            EncryptionAlgorithm.AesGcm16 => "AES_GCM_16",
            EncryptionAlgorithm.AesCcm8 => "AES_CCM_8",
            EncryptionAlgorithm.AesCcm12 => "AES_CCM_12",
            EncryptionAlgorithm.AesCcm16 => "AES_CCM_16",
            EncryptionAlgorithm.ChaCha20Poly1305 => "CHACHA20_POLY1305",
            EncryptionAlgorithm.TripleDes => "3DES_CBC",
            EncryptionAlgorithm.Des => "DES_CBC",
            EncryptionAlgorithm.Null => "NULL",
            _ => null,
        };
        if (family is null) { return null; }
        bool sized = (EncryptionAlgorithm)t.Id is not (EncryptionAlgorithm.ChaCha20Poly1305 or EncryptionAlgorithm.TripleDes
            or EncryptionAlgorithm.Des or EncryptionAlgorithm.Null);
        return sized && t.KeyLength != 0 ? string.Create(CultureInfo.InvariantCulture, $"{family}_{t.KeyLength}") : family;
    }

    private static string? Prf(PrfAlgorithm prf) => prf switch
    {
        PrfAlgorithm.HmacMd5 => "PRF_HMAC_MD5",
        PrfAlgorithm.HmacSha1 => "PRF_HMAC_SHA1",
        PrfAlgorithm.Aes128Xcbc => "PRF_AES128_XCBC",
        PrfAlgorithm.HmacSha256 => "PRF_HMAC_SHA2_256",
        PrfAlgorithm.HmacSha384 => "PRF_HMAC_SHA2_384",
        PrfAlgorithm.HmacSha512 => "PRF_HMAC_SHA2_512",
        PrfAlgorithm.Aes128Cmac => "PRF_AES128_CMAC",
        _ => null,
    };

    private static string? Integrity(IntegrityAlgorithm integrity) => integrity switch
    {
        IntegrityAlgorithm.None => "NONE",
        IntegrityAlgorithm.HmacMd596 => "HMAC_MD5_96",
        IntegrityAlgorithm.HmacSha196 => "HMAC_SHA1_96",
        IntegrityAlgorithm.AesXcbc96 => "AES_XCBC_96",
        IntegrityAlgorithm.AesCmac96 => "AES_CMAC_96",
        IntegrityAlgorithm.HmacSha256128 => "HMAC_SHA2_256_128",
        IntegrityAlgorithm.HmacSha384192 => "HMAC_SHA2_384_192",
        IntegrityAlgorithm.HmacSha512256 => "HMAC_SHA2_512_256",
        _ => null,
    };

    private static string? KeyExchange(KeyExchangeMethod method) => method switch
    {
        KeyExchangeMethod.Modp768 => "MODP_768",
        KeyExchangeMethod.Modp1024 => "MODP_1024",
        KeyExchangeMethod.Modp1536 => "MODP_1536",
        KeyExchangeMethod.Modp2048 => "MODP_2048",
        KeyExchangeMethod.Modp3072 => "MODP_3072",
        KeyExchangeMethod.Modp4096 => "MODP_4096",
        KeyExchangeMethod.Modp6144 => "MODP_6144",
        KeyExchangeMethod.Modp8192 => "MODP_8192",
        KeyExchangeMethod.Ecp256 => "ECP_256",
        KeyExchangeMethod.Ecp384 => "ECP_384",
        KeyExchangeMethod.Ecp521 => "ECP_521",
        KeyExchangeMethod.Brainpool224 => "ECP_224_BP",
        KeyExchangeMethod.Brainpool256 => "ECP_256_BP",
        KeyExchangeMethod.Brainpool384 => "ECP_384_BP",
        KeyExchangeMethod.Brainpool512 => "ECP_512_BP",
        KeyExchangeMethod.Curve25519 => "CURVE_25519",
        KeyExchangeMethod.Curve448 => "CURVE_448",
        KeyExchangeMethod.MlKem512 => "ML_KEM_512",
        KeyExchangeMethod.MlKem768 => "ML_KEM_768",
        KeyExchangeMethod.MlKem1024 => "ML_KEM_1024",
        KeyExchangeMethod.None => "KE_NONE",
        _ => null,
    };
}
