using System.Formats.Asn1;
using System.Security.Cryptography;

namespace DotSwan.Crypto.Signatures;

/// <summary>
/// ECDSA verification through the BCL, r ‖ s (RFC 4754) or DER (RFC 7427). DER signatures are parsed strictly here
/// and handed to the BCL as r ‖ s, because the BCL accepts a negative (missing leading zero) INTEGER, which makes
/// signatures malleable (Wycheproof "MissingZero").
/// </summary>
internal sealed class EcdsaVerifier(ECDsa ecdsa, SignatureScheme scheme) : ISignatureVerifier
{
    public SignatureScheme Scheme => scheme;

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, out CryptoError error)
    {
        bool ok;
        try
        {
            if (IsPrehashed(scheme))
            {
                ok = ecdsa.VerifyHash(data, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                error = ok ? default : new CryptoError(CryptoErrorKind.InvalidSignature, $"{scheme} signature does not verify");
                return ok;
            }

            var (hash, format) = Parameters(scheme);
            if (format == DSASignatureFormat.Rfc3279DerSequence)
            {
                int fieldLength = (ecdsa.KeySize + 7) / 8;
                Span<byte> fixedSize = stackalloc byte[2 * 66];
                fixedSize = fixedSize[..(2 * fieldLength)];
                ok = TryDerToFixed(signature, fieldLength, fixedSize)
                    && ecdsa.VerifyData(data, fixedSize, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
            else
            {
                ok = ecdsa.VerifyData(data, signature, hash, format);
            }
        }
        catch (CryptographicException)
        {
            ok = false;
        }

        error = ok ? default : new CryptoError(CryptoErrorKind.InvalidSignature, $"{scheme} signature does not verify");
        return ok;
    }

    /// <summary>Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } in strict DER, both positive and at most field size.</summary>
    private static bool TryDerToFixed(ReadOnlySpan<byte> der, int fieldLength, Span<byte> output)
    {
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var r = sequence.ReadIntegerBytes();
            var s = sequence.ReadIntegerBytes();
            sequence.ThrowIfNotEmpty();
            return TryCopyUnsigned(r.Span, output[..fieldLength]) && TryCopyUnsigned(s.Span, output[fieldLength..]);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static bool TryCopyUnsigned(ReadOnlySpan<byte> integer, Span<byte> destination)
    {
        if (integer.IsEmpty || (integer[0] & 0x80) != 0)
        {
            return false;
        }

        if (integer.Length > 1 && integer[0] == 0)
        {
            integer = integer[1..];
        }

        if (integer.Length > destination.Length)
        {
            return false;
        }

        destination.Clear();
        integer.CopyTo(destination[(destination.Length - integer.Length)..]);
        return true;
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

    /// <summary>The IKEv1 schemes, which sign the hash they are given instead of hashing the data.</summary>
    internal static bool IsPrehashed(SignatureScheme scheme) =>
        scheme is SignatureScheme.Ikev1EcdsaP256 or SignatureScheme.Ikev1EcdsaP384 or SignatureScheme.Ikev1EcdsaP521;

    /// <summary>The key size in bits an RFC 4754 scheme requires, or 0 when any curve is allowed.</summary>
    internal static int RequiredKeySize(SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.EcdsaP256Sha256 or SignatureScheme.Ikev1EcdsaP256 => 256,
        SignatureScheme.EcdsaP384Sha384 or SignatureScheme.Ikev1EcdsaP384 => 384,
        SignatureScheme.EcdsaP521Sha512 or SignatureScheme.Ikev1EcdsaP521 => 521,
        _ => 0,
    };
}
