using System.Formats.Asn1;

namespace DotSwan.Crypto.Signatures;

/// <summary>
/// DER AlgorithmIdentifier encodings that RFC 7427 (Appendix A) and RFC 8420 put into the AUTH payload,
/// and the parser that maps a received one to a <see cref="SignatureScheme"/>.
/// </summary>
public static class SignatureAlgorithmIdentifiers
{
    private const string Sha1WithRsaOid = "1.2.840.113549.1.1.5";
    private const string Sha256WithRsaOid = "1.2.840.113549.1.1.11";
    private const string Sha384WithRsaOid = "1.2.840.113549.1.1.12";
    private const string Sha512WithRsaOid = "1.2.840.113549.1.1.13";
    private const string RsassaPssOid = "1.2.840.113549.1.1.10";
    private const string Mgf1Oid = "1.2.840.113549.1.1.8";
    private const string EcdsaWithSha256Oid = "1.2.840.10045.4.3.2";
    private const string EcdsaWithSha384Oid = "1.2.840.10045.4.3.3";
    private const string EcdsaWithSha512Oid = "1.2.840.10045.4.3.4";
    private const string Ed25519Oid = "1.3.101.112";
    private const string Sha1Oid = "1.3.14.3.2.26";
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    private const string Sha384Oid = "2.16.840.1.101.3.4.2.2";
    private const string Sha512Oid = "2.16.840.1.101.3.4.2.3";

    /// <summary>sha1WithRSAEncryption with NULL parameters (RFC 7427 A.1.1).</summary>
    public static ReadOnlySpan<byte> Sha1WithRsaEncryption =>
        [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05, 0x05, 0x00];

    /// <summary>sha256WithRSAEncryption with NULL parameters (RFC 7427 A.1.2).</summary>
    public static ReadOnlySpan<byte> Sha256WithRsaEncryption =>
        [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00];

    /// <summary>sha384WithRSAEncryption with NULL parameters (RFC 7427 A.1.3).</summary>
    public static ReadOnlySpan<byte> Sha384WithRsaEncryption =>
        [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c, 0x05, 0x00];

    /// <summary>sha512WithRSAEncryption with NULL parameters (RFC 7427 A.1.4).</summary>
    public static ReadOnlySpan<byte> Sha512WithRsaEncryption =>
        [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d, 0x05, 0x00];

    /// <summary>
    /// id-RSASSA-PSS with RSASSA-PSS-params {SHA-256, MGF1 with SHA-256, salt 32}, trailer field left at its default
    /// (RFC 7427 A.4.3 form).
    /// </summary>
    public static ReadOnlySpan<byte> RsassaPssSha256 =>
    [
        0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, 0x30, 0x34,
        0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
        0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08,
        0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
        0xa2, 0x03, 0x02, 0x01, 0x20,
    ];

    /// <summary>id-RSASSA-PSS with {SHA-384, MGF1 with SHA-384, salt 48}, encoded like <see cref="RsassaPssSha256"/>.</summary>
    public static ReadOnlySpan<byte> RsassaPssSha384 =>
    [
        0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, 0x30, 0x34,
        0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00,
        0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08,
        0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00,
        0xa2, 0x03, 0x02, 0x01, 0x30,
    ];

    /// <summary>id-RSASSA-PSS with {SHA-512, MGF1 with SHA-512, salt 64}, encoded like <see cref="RsassaPssSha256"/>.</summary>
    public static ReadOnlySpan<byte> RsassaPssSha512 =>
    [
        0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, 0x30, 0x34,
        0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00,
        0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08,
        0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00,
        0xa2, 0x03, 0x02, 0x01, 0x40,
    ];

    /// <summary>ecdsa-with-SHA256, parameters absent (RFC 7427 A.3.1).</summary>
    public static ReadOnlySpan<byte> EcdsaWithSha256 => [0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];

    /// <summary>ecdsa-with-SHA384, parameters absent (RFC 7427 A.3.2).</summary>
    public static ReadOnlySpan<byte> EcdsaWithSha384 => [0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03];

    /// <summary>ecdsa-with-SHA512, parameters absent (RFC 7427 A.3.3).</summary>
    public static ReadOnlySpan<byte> EcdsaWithSha512 => [0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04];

    /// <summary>id-Ed25519 (1.3.101.112), parameters absent (RFC 8420 §2, RFC 8410).</summary>
    public static ReadOnlySpan<byte> Ed25519 => [0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70];

    /// <summary>Whether <paramref name="scheme"/> can be carried in an RFC 7427 AUTH payload.</summary>
    public static bool IsSupported(SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.RsaPkcs1Sha1 or SignatureScheme.RsaPkcs1Sha256 or SignatureScheme.RsaPkcs1Sha384 or SignatureScheme.RsaPkcs1Sha512
            or SignatureScheme.RsaPssSha256 or SignatureScheme.RsaPssSha384 or SignatureScheme.RsaPssSha512
            or SignatureScheme.EcdsaSha256Der or SignatureScheme.EcdsaSha384Der or SignatureScheme.EcdsaSha512Der
            or SignatureScheme.Ed25519 => true,
        _ => false,
    };

    /// <summary>The AlgorithmIdentifier for <paramref name="scheme"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scheme has no RFC 7427 encoding (RFC 4754 raw ECDSA, IKEv1 RSA).</exception>
    public static ReadOnlySpan<byte> For(SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.RsaPkcs1Sha1 => Sha1WithRsaEncryption,
        SignatureScheme.RsaPkcs1Sha256 => Sha256WithRsaEncryption,
        SignatureScheme.RsaPkcs1Sha384 => Sha384WithRsaEncryption,
        SignatureScheme.RsaPkcs1Sha512 => Sha512WithRsaEncryption,
        SignatureScheme.RsaPssSha256 => RsassaPssSha256,
        SignatureScheme.RsaPssSha384 => RsassaPssSha384,
        SignatureScheme.RsaPssSha512 => RsassaPssSha512,
        SignatureScheme.EcdsaSha256Der => EcdsaWithSha256,
        SignatureScheme.EcdsaSha384Der => EcdsaWithSha384,
        SignatureScheme.EcdsaSha512Der => EcdsaWithSha512,
        SignatureScheme.Ed25519 => Ed25519,
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "no RFC 7427 AlgorithmIdentifier for this scheme"),
    };

    /// <summary>
    /// Maps a received DER AlgorithmIdentifier to a scheme. Malformed DER gives <see cref="CryptoErrorKind.InvalidSignature"/>;
    /// a well-formed but unknown or unsupported algorithm (or PSS parameters other than hash = MGF1 hash, salt = hash length)
    /// gives <see cref="CryptoErrorKind.Unsupported"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> algorithmIdentifier, out SignatureScheme scheme, out CryptoError error)
    {
        scheme = default;
        try
        {
            var reader = new AsnReader(algorithmIdentifier.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            string oid = sequence.ReadObjectIdentifier();
            switch (oid)
            {
                case Sha1WithRsaOid or Sha256WithRsaOid or Sha384WithRsaOid or Sha512WithRsaOid:
                    ReadOptionalNull(sequence);
                    scheme = oid switch
                    {
                        Sha1WithRsaOid => SignatureScheme.RsaPkcs1Sha1,
                        Sha256WithRsaOid => SignatureScheme.RsaPkcs1Sha256,
                        Sha384WithRsaOid => SignatureScheme.RsaPkcs1Sha384,
                        _ => SignatureScheme.RsaPkcs1Sha512,
                    };
                    break;
                case EcdsaWithSha256Oid or EcdsaWithSha384Oid or EcdsaWithSha512Oid:
                    sequence.ThrowIfNotEmpty();
                    scheme = oid switch
                    {
                        EcdsaWithSha256Oid => SignatureScheme.EcdsaSha256Der,
                        EcdsaWithSha384Oid => SignatureScheme.EcdsaSha384Der,
                        _ => SignatureScheme.EcdsaSha512Der,
                    };
                    break;
                case Ed25519Oid:
                    sequence.ThrowIfNotEmpty();
                    scheme = SignatureScheme.Ed25519;
                    break;
                case RsassaPssOid:
                    return TryParsePssParameters(sequence, out scheme, out error);
                default:
                    error = new CryptoError(CryptoErrorKind.Unsupported, $"signature algorithm {oid} is not supported");
                    return false;
            }

            error = default;
            return true;
        }
        catch (AsnContentException)
        {
            error = new CryptoError(CryptoErrorKind.InvalidSignature, "AlgorithmIdentifier is not valid DER");
            return false;
        }
    }

    private static void ReadOptionalNull(AsnReader sequence)
    {
        if (sequence.HasData)
        {
            sequence.ReadNull();
        }

        sequence.ThrowIfNotEmpty();
    }

    private static bool TryParsePssParameters(AsnReader algorithm, out SignatureScheme scheme, out CryptoError error)
    {
        scheme = default;
        if (!algorithm.HasData)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, "RSASSA-PSS without parameters (SHA-1 defaults) is not supported");
            return false;
        }

        var parameters = algorithm.ReadSequence();
        algorithm.ThrowIfNotEmpty();
        string hash = Sha1Oid;
        string mgfHash = Sha1Oid;
        int salt = 20;
        var hashTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        var mgfTag = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
        var saltTag = new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true);
        var trailerTag = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(hashTag))
        {
            var explicitHash = parameters.ReadSequence(hashTag);
            hash = ReadHashAlgorithm(explicitHash.ReadSequence());
            explicitHash.ThrowIfNotEmpty();
        }

        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(mgfTag))
        {
            var explicitMgf = parameters.ReadSequence(mgfTag);
            var mgf = explicitMgf.ReadSequence();
            explicitMgf.ThrowIfNotEmpty();
            string mgfOid = mgf.ReadObjectIdentifier();
            if (mgfOid != Mgf1Oid)
            {
                error = new CryptoError(CryptoErrorKind.Unsupported, $"RSASSA-PSS mask generation function {mgfOid} is not supported");
                return false;
            }

            mgfHash = ReadHashAlgorithm(mgf.ReadSequence());
            mgf.ThrowIfNotEmpty();
        }

        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(saltTag))
        {
            var explicitSalt = parameters.ReadSequence(saltTag);
            if (!explicitSalt.TryReadInt32(out salt))
            {
                throw new AsnContentException("salt length out of range");
            }

            explicitSalt.ThrowIfNotEmpty();
        }

        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(trailerTag))
        {
            var explicitTrailer = parameters.ReadSequence(trailerTag);
            if (!explicitTrailer.TryReadInt32(out int trailer) || trailer != 1)
            {
                error = new CryptoError(CryptoErrorKind.Unsupported, "RSASSA-PSS trailer field other than 1 is not supported");
                return false;
            }

            explicitTrailer.ThrowIfNotEmpty();
        }

        parameters.ThrowIfNotEmpty();
        (SignatureScheme Scheme, int Salt)? match = hash switch
        {
            Sha256Oid => (SignatureScheme.RsaPssSha256, 32),
            Sha384Oid => (SignatureScheme.RsaPssSha384, 48),
            Sha512Oid => (SignatureScheme.RsaPssSha512, 64),
            _ => null,
        };
        if (match is null || mgfHash != hash || salt != match.Value.Salt)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported,
                $"RSASSA-PSS with hash {hash}, MGF1 hash {mgfHash} and salt {salt} is not supported (need SHA-2, same MGF1 hash, salt = hash length)");
            return false;
        }

        scheme = match.Value.Scheme;
        error = default;
        return true;
    }

    private static string ReadHashAlgorithm(AsnReader hashAlgorithm)
    {
        string oid = hashAlgorithm.ReadObjectIdentifier();
        ReadOptionalNull(hashAlgorithm);
        return oid;
    }
}
