using System.Diagnostics.CodeAnalysis;

namespace DotSwan.Crypto.Signatures;

/// <summary>
/// Creates and checks the Authentication Data of an IKEv2 AUTH payload for the signature methods:
/// 1 (RSA PKCS#1 v1.5 SHA-1), 9/10/11 (ECDSA r ‖ s, RFC 4754) and 14 (RFC 7427 AlgorithmIdentifier ‖ signature).
/// </summary>
public static class AuthSignature
{
    /// <summary>The fixed scheme of AUTH methods 1, 9, 10 and 11; false for method 14 (the data names it) and non-signature methods.</summary>
    public static bool TryGetFixedScheme(AuthMethod method, out SignatureScheme scheme)
    {
        scheme = method switch
        {
            AuthMethod.RsaDigitalSignature => SignatureScheme.RsaPkcs1Sha1,
            AuthMethod.EcdsaSha256P256 => SignatureScheme.EcdsaP256Sha256,
            AuthMethod.EcdsaSha384P384 => SignatureScheme.EcdsaP384Sha384,
            AuthMethod.EcdsaSha512P521 => SignatureScheme.EcdsaP521Sha512,
            _ => default,
        };
        return scheme != default;
    }

    /// <summary>
    /// Signs <paramref name="signedOctets"/> (RFC 7296 §2.15) and returns the AUTH data for <paramref name="method"/>.
    /// For method 14 <paramref name="scheme"/> chooses the algorithm; for the others it must be the method's fixed scheme.
    /// </summary>
    public static bool TryCreate(AuthMethod method, SignatureScheme scheme, SigningKey key, ReadOnlySpan<byte> signedOctets,
        [NotNullWhen(true)] out byte[]? authData, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(key);
        authData = null;
        if (method == AuthMethod.DigitalSignature ? !SignatureAlgorithmIdentifiers.IsSupported(scheme)
            : !TryGetFixedScheme(method, out var fixedScheme) || fixedScheme != scheme)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"AUTH method {method} cannot carry {scheme}");
            return false;
        }

        if (!key.TryCreateSigner(scheme, out var signer, out error))
        {
            return false;
        }

        byte[] signature = signer.Sign(signedOctets);
        authData = method == AuthMethod.DigitalSignature ? DigitalSignatureAuthData.Encode(scheme, signature) : signature;
        return true;
    }

    /// <summary>
    /// Verifies received AUTH data of <paramref name="method"/> over <paramref name="signedOctets"/> with the peer's key.
    /// Never throws on peer input; <paramref name="scheme"/> tells which scheme was used (so the caller can check it
    /// against the hashes it announced in SIGNATURE_HASH_ALGORITHMS).
    /// </summary>
    public static bool TryVerify(AuthMethod method, ReadOnlySpan<byte> authData, ReadOnlySpan<byte> signedOctets, VerificationKey key,
        out SignatureScheme scheme, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(key);
        ReadOnlySpan<byte> signature;
        if (method == AuthMethod.DigitalSignature)
        {
            if (!DigitalSignatureAuthData.TryDecode(authData, out scheme, out signature, out error))
            {
                return false;
            }
        }
        else if (TryGetFixedScheme(method, out scheme))
        {
            signature = authData;
        }
        else
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"AUTH method {method} is not a supported signature method");
            return false;
        }

        if (!key.TryCreateVerifier(scheme, out var verifier, out error))
        {
            return false;
        }

        return verifier.Verify(signedOctets, signature, out error);
    }
}
