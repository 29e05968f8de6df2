namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// The sizes an engine needs for an encryption transform before any key exists: how much key material to take
/// from prf+ or KEYMAT, how long the explicit IV and ICV are, and what to pad to.
/// </summary>
/// <param name="Algorithm">The IANA encryption id.</param>
/// <param name="KeyLengthBits">The negotiated Key Length attribute (the cipher key proper, without salt or nonce); 0 when the transform has none.</param>
/// <param name="KeyMaterialLength">Bytes of key material to derive, including the salt (GCM 4, CCM 3, ChaCha20-Poly1305 4) or CTR nonce (4).</param>
/// <param name="IvLength">Bytes of explicit IV per message.</param>
/// <param name="BlockSize">Plaintext is padded to a multiple of this (1 for stream and AEAD modes; ESP still aligns to 4 itself).</param>
/// <param name="IcvLength">ICV bytes of an AEAD; 0 for plain ciphers, which need a separate integrity transform.</param>
/// <param name="IsAead">Whether the transform is combined-mode (no separate integrity transform).</param>
/// <param name="IsLegacy">Whether the transform is DES or 3DES, refused unless legacy transforms are enabled.</param>
public readonly record struct EncryptionTransformInfo(
    EncryptionAlgorithm Algorithm,
    int KeyLengthBits,
    int KeyMaterialLength,
    int IvLength,
    int BlockSize,
    int IcvLength,
    bool IsAead,
    bool IsLegacy);
