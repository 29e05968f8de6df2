namespace DotSwan.Crypto.Kdf;

/// <summary>A one-shot hash: writes the digest of <paramref name="source"/> into <paramref name="destination"/> and returns its length
/// (the shape of the BCL's <c>SHA256.HashData(ReadOnlySpan&lt;byte&gt;, Span&lt;byte&gt;)</c>).</summary>
/// <param name="source">The data to hash.</param>
/// <param name="destination">Receives the digest.</param>
public delegate int HashDataFunction(ReadOnlySpan<byte> source, Span<byte> destination);
