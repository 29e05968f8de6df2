using System.Security.Cryptography;

namespace DotSwan.Crypto.Signatures;

/// <summary>RSASSA-PKCS1-v1_5 or RSASSA-PSS verification through the BCL (PSS salt = hash length, MGF1 with the same hash).</summary>
internal sealed class RsaVerifier(RSA rsa, SignatureScheme scheme) : ISignatureVerifier
{
    public SignatureScheme Scheme => scheme;

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, out CryptoError error)
    {
        var (hash, padding) = Parameters(scheme);
        bool ok;
        try
        {
            ok = rsa.VerifyData(data, signature, hash, padding);
        }
        catch (CryptographicException)
        {
            ok = false;
        }

        error = ok ? default : new CryptoError(CryptoErrorKind.InvalidSignature, $"{scheme} signature does not verify");
        return ok;
    }

    /// <summary>The BCL hash and padding of an RSA scheme.</summary>
    internal static (HashAlgorithmName Hash, RSASignaturePadding Padding) Parameters(SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.RsaPkcs1Sha1 => (HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1),
        SignatureScheme.RsaPkcs1Sha256 => (HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        SignatureScheme.RsaPkcs1Sha384 => (HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
        SignatureScheme.RsaPkcs1Sha512 => (HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
        SignatureScheme.RsaPssSha256 => (HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        SignatureScheme.RsaPssSha384 => (HashAlgorithmName.SHA384, RSASignaturePadding.Pss),
        SignatureScheme.RsaPssSha512 => (HashAlgorithmName.SHA512, RSASignaturePadding.Pss),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "not an RSA scheme of the BCL"),
    };
}
