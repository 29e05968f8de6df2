namespace DotSwan.Crypto.Signatures;

/// <summary>
/// The Authentication Data of AUTH method 14 (RFC 7427 §3): one octet with the length of the AlgorithmIdentifier,
/// the DER AlgorithmIdentifier, then the signature value.
/// </summary>
public static class DigitalSignatureAuthData
{
    /// <summary>Builds the AUTH data for <paramref name="scheme"/> around <paramref name="signature"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scheme has no RFC 7427 encoding.</exception>
    public static byte[] Encode(SignatureScheme scheme, ReadOnlySpan<byte> signature)
    {
        var algorithm = SignatureAlgorithmIdentifiers.For(scheme);
        var authData = new byte[1 + algorithm.Length + signature.Length];
        authData[0] = (byte)algorithm.Length;
        algorithm.CopyTo(authData.AsSpan(1));
        signature.CopyTo(authData.AsSpan(1 + algorithm.Length));
        return authData;
    }

    /// <summary>
    /// Splits received AUTH data into its scheme and signature value; never throws.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> authData, out SignatureScheme scheme, out ReadOnlySpan<byte> signature, out CryptoError error)
    {
        scheme = default;
        signature = default;
        if (authData.IsEmpty || authData[0] == 0 || authData.Length < 1 + authData[0])
        {
            error = new CryptoError(CryptoErrorKind.InvalidSignature,
                $"RFC 7427 AUTH data of {authData.Length} bytes is too short for its AlgorithmIdentifier length");
            return false;
        }

        int algorithmLength = authData[0];
        if (!SignatureAlgorithmIdentifiers.TryParse(authData.Slice(1, algorithmLength), out scheme, out error))
        {
            return false;
        }

        signature = authData[(1 + algorithmLength)..];
        if (signature.IsEmpty)
        {
            error = new CryptoError(CryptoErrorKind.InvalidSignature, "RFC 7427 AUTH data carries no signature value");
            return false;
        }

        return true;
    }
}
