using System.Security.Cryptography;

namespace DotSwan.Crypto.Signatures;

/// <summary>ECDSA verification through the BCL, r ‖ s (RFC 4754) or DER (RFC 7427).</summary>
internal sealed class EcdsaVerifier(ECDsa ecdsa, SignatureScheme scheme) : ISignatureVerifier
{
    public SignatureScheme Scheme => scheme;

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, out CryptoError error)
    {
        var (hash, format) = Parameters(scheme);
        bool ok;
        try
        {
            ok = ecdsa.VerifyData(data, signature, hash, format);
        }
        catch (CryptographicException)
        {
            ok = false;
        }

        error = ok ? default : new CryptoError(CryptoErrorKind.InvalidSignature, $"{scheme} signature does not verify");
        return ok;
    }

    /// <summary>The BCL hash and signature format of an ECDSA scheme.</summary>
    internal static (HashAlgorithmName Hash, DSASignatureFormat Format) Parameters(SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.EcdsaP256Sha256 => (HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        SignatureScheme.EcdsaP384Sha384 => (HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        SignatureScheme.EcdsaP521Sha512 => (HashAlgorithmName.SHA512, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        SignatureScheme.EcdsaSha256Der => (HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
        SignatureScheme.EcdsaSha384Der => (HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence),
        SignatureScheme.EcdsaSha512Der => (HashAlgorithmName.SHA512, DSASignatureFormat.Rfc3279DerSequence),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "not an ECDSA scheme"),
    };

    /// <summary>The key size in bits an RFC 4754 scheme requires, or 0 when any curve is allowed.</summary>
    internal static int RequiredKeySize(SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.EcdsaP256Sha256 => 256,
        SignatureScheme.EcdsaP384Sha384 => 384,
        SignatureScheme.EcdsaP521Sha512 => 521,
        _ => 0,
    };
}
