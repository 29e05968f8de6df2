namespace DotSwan.Crypto.Signatures;

/// <summary>Which keys may serve which scheme; one rule for signing and verifying, so the two cannot drift apart.</summary>
internal static class SignatureKeyFit
{
    /// <summary>
    /// Fails with <see cref="CryptoErrorKind.Unsupported"/> when a <paramref name="keyType"/> key of <paramref name="keySize"/> bits
    /// cannot <paramref name="use"/> ("sign" or "verify") <paramref name="scheme"/>: a different key type, or the wrong curve
    /// for an RFC 4754 scheme.
    /// </summary>
    public static bool TryCheck(SignatureScheme scheme, SignatureKeyType keyType, int keySize, string use, out CryptoError error)
    {
        if (scheme.GetKeyType() != keyType)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"a {keyType} key cannot {use} {scheme}");
            return false;
        }

        int required = EcdsaVerifier.RequiredKeySize(scheme);
        if (required != 0 && required != keySize)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"{scheme} needs a {required}-bit curve, the key has {keySize} bits");
            return false;
        }

        error = default;
        return true;
    }
}
