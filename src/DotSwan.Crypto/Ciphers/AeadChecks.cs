namespace DotSwan.Crypto.Ciphers;

/// <summary>Length checks every AEAD makes before touching data, so that bad input gives a typed error, not an exception.</summary>
internal static class AeadChecks
{
    /// <summary>Checks IV, ICV and output lengths against an AEAD's sizes.</summary>
    public static bool TryCheck(IAead aead, ReadOnlySpan<byte> iv, int inputLength, int outputLength, int icvLength, out CryptoError error)
    {
        if (iv.Length != aead.IvLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"{aead.Algorithm} needs an {aead.IvLength}-byte IV, got {iv.Length}");
            return false;
        }

        if (icvLength != aead.IcvLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"{aead.Algorithm} needs a {aead.IcvLength}-byte ICV, got {icvLength}");
            return false;
        }

        if (outputLength != inputLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"output is {outputLength} bytes, input {inputLength}");
            return false;
        }

        error = default;
        return true;
    }

    /// <summary>The error for a tag that did not verify.</summary>
    public static CryptoError AuthenticationFailed(EncryptionAlgorithm algorithm)
        => new(CryptoErrorKind.AuthenticationFailed, $"{algorithm} ICV did not verify");
}
