using DotSwan.Crypto;

namespace DotSwan.Ike.Proposals;

/// <summary>
/// One transform as IKEv2 carries it: type, IANA id and the Key Length attribute in bits (0 when the transform has none).
/// Ids need not be known to us: a peer's unknown transforms are kept so they can be reported, and never match.
/// </summary>
public readonly record struct ProposalTransform(TransformType Type, ushort Id, int KeyLength = 0)
{
    /// <summary>True when this is an encryption transform whose algorithm is an AEAD.</summary>
    public bool IsAead => Type == TransformType.Encryption && TransformRegistry.IsAead((EncryptionAlgorithm)Id);

    /// <summary>True for the "NONE" id (0) that IKEv2 allows for optional types such as a Child SA's key exchange.</summary>
    public bool IsNone => Id == 0 && Type != TransformType.ExtendedSequenceNumbers;

    /// <summary>
    /// Whether two transforms negotiate the same thing. ChaCha20-Poly1305 is sent without a Key Length attribute
    /// (RFC 7634 §2), so an explicit 256 is treated as the same transform.
    /// </summary>
    public bool Matches(ProposalTransform other) =>
        Type == other.Type && Id == other.Id &&
        (KeyLength == other.KeyLength || (Type == TransformType.Encryption && Id == (ushort)EncryptionAlgorithm.ChaCha20Poly1305
            && KeyLength is 0 or 256 && other.KeyLength is 0 or 256));

    /// <summary>strongSwan's log name of the transform, e.g. <c>AES_GCM_16_256</c>.</summary>
    public override string ToString() => TransformNames.Describe(this);
}
