using System.Diagnostics.CodeAnalysis;

namespace DotSwan.Crypto.Signatures;

/// <summary>
/// The SIG payload of IKEv1 Main/Aggressive Mode: the signature over HASH_I or HASH_R under the negotiated
/// authentication method.
/// </summary>
public static class Ikev1Signature
{
    /// <summary>The scheme an IKEv1 signature authentication method uses; false for non-signature or unsupported methods.</summary>
    public static bool TryGetScheme(Ikev1AuthMethod method, out SignatureScheme scheme)
    {
        scheme = method switch
        {
            Ikev1AuthMethod.RsaSignatures => SignatureScheme.Ikev1Rsa,
            Ikev1AuthMethod.EcdsaSha256P256 => SignatureScheme.Ikev1EcdsaP256,
            Ikev1AuthMethod.EcdsaSha384P384 => SignatureScheme.Ikev1EcdsaP384,
            Ikev1AuthMethod.EcdsaSha512P521 => SignatureScheme.Ikev1EcdsaP521,
            _ => default,
        };
        return scheme != default;
    }

    /// <summary>Signs HASH_I or HASH_R (<paramref name="hash"/>) for the SIG payload.</summary>
    public static bool TryCreate(Ikev1AuthMethod method, SigningKey key, ReadOnlySpan<byte> hash,
        [NotNullWhen(true)] out byte[]? signature, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(key);
        signature = null;
        if (!TryGetScheme(method, out var scheme))
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"IKEv1 authentication method {method} is not a supported signature method");
            return false;
        }

        if (!key.TryCreateSigner(scheme, out var signer, out error))
        {
            return false;
        }

        signature = signer.Sign(hash);
        return true;
    }

    /// <summary>Verifies a received SIG payload over HASH_I or HASH_R with the peer's key; never throws on peer input.</summary>
    public static bool TryVerify(Ikev1AuthMethod method, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> hash, VerificationKey key, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!TryGetScheme(method, out var scheme))
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"IKEv1 authentication method {method} is not a supported signature method");
            return false;
        }

        return key.TryCreateVerifier(scheme, out var verifier, out error) && verifier.Verify(hash, signature, out error);
    }
}
