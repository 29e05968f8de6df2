namespace DotSwan.Crypto.Signatures;

/// <summary>
/// Signs with our own private key under one <see cref="SignatureScheme"/>. Safe for concurrent calls: each call
/// uses its own OpenSSL context (BCL, libcrypto) or stateless BouncyCastle code.
/// </summary>
public interface ISigner
{
    /// <summary>The scheme this signer produces.</summary>
    SignatureScheme Scheme { get; }

    /// <summary>Signs <paramref name="data"/> (the scheme hashes it, except <see cref="SignatureScheme.Ikev1Rsa"/>, which pads it as is).</summary>
    byte[] Sign(ReadOnlySpan<byte> data);
}
