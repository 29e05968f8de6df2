using System.Security.Cryptography;

namespace DotSwan.Crypto.Signatures;

/// <summary>ECDSA signing through the BCL, r ‖ s (RFC 4754; IKEv1: over the given hash) or DER (RFC 7427).</summary>
internal sealed class EcdsaSigner(ECDsa ecdsa, SignatureScheme scheme) : ISigner
{
    public SignatureScheme Scheme => scheme;

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        if (EcdsaVerifier.IsPrehashed(scheme))
        {
            return ecdsa.SignHash(data, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        var (hash, format) = EcdsaVerifier.Parameters(scheme);
        return ecdsa.SignData(data, hash, format);
    }
}
