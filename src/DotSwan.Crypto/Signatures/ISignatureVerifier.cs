namespace DotSwan.Crypto.Signatures;

/// <summary>
/// Verifies a peer's signature under one <see cref="SignatureScheme"/>. Never throws on peer input.
/// Safe for concurrent calls, like <see cref="ISigner"/>; valid while the key that made it is not disposed.
/// </summary>
public interface ISignatureVerifier
{
    /// <summary>The scheme this verifier accepts.</summary>
    SignatureScheme Scheme { get; }

    /// <summary>
    /// Checks <paramref name="signature"/> over <paramref name="data"/>; on failure <paramref name="error"/> is
    /// <see cref="CryptoErrorKind.InvalidSignature"/> (bad or malformed signature).
    /// </summary>
    bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, out CryptoError error);
}
