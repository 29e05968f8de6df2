namespace DotSwan.Crypto.Signatures;

/// <summary>Facts about a <see cref="SignatureScheme"/>: the key it needs and the hash it announces.</summary>
public static class SignatureSchemeExtensions
{
    /// <summary>The kind of key that signs and verifies under <paramref name="scheme"/>.</summary>
    public static SignatureKeyType GetKeyType(this SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.EcdsaP256Sha256 or SignatureScheme.EcdsaP384Sha384 or SignatureScheme.EcdsaP521Sha512
            or SignatureScheme.EcdsaSha256Der or SignatureScheme.EcdsaSha384Der or SignatureScheme.EcdsaSha512Der
            or SignatureScheme.Ikev1EcdsaP256 or SignatureScheme.Ikev1EcdsaP384 or SignatureScheme.Ikev1EcdsaP521 => SignatureKeyType.Ecdsa,
        SignatureScheme.Ed25519 => SignatureKeyType.Ed25519,
        _ => SignatureKeyType.Rsa,
    };

    /// <summary>
    /// The SIGNATURE_HASH_ALGORITHMS id (RFC 7427 §4) a peer must have announced before we use <paramref name="scheme"/>
    /// in an AUTH method 14 payload; null for the IKEv1 schemes, which sign a hash IKE computed.
    /// </summary>
    public static SignatureHashAlgorithm? GetHashAlgorithm(this SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.RsaPkcs1Sha1 => SignatureHashAlgorithm.Sha1,
        SignatureScheme.RsaPkcs1Sha256 or SignatureScheme.RsaPssSha256 or SignatureScheme.EcdsaP256Sha256 or SignatureScheme.EcdsaSha256Der
            => SignatureHashAlgorithm.Sha256,
        SignatureScheme.RsaPkcs1Sha384 or SignatureScheme.RsaPssSha384 or SignatureScheme.EcdsaP384Sha384 or SignatureScheme.EcdsaSha384Der
            => SignatureHashAlgorithm.Sha384,
        SignatureScheme.RsaPkcs1Sha512 or SignatureScheme.RsaPssSha512 or SignatureScheme.EcdsaP521Sha512 or SignatureScheme.EcdsaSha512Der
            => SignatureHashAlgorithm.Sha512,
        SignatureScheme.Ed25519 => SignatureHashAlgorithm.Identity,
        _ => null,
    };
}
