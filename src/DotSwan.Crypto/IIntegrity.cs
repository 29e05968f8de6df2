namespace DotSwan.Crypto;

/// <summary>
/// A keyed integrity transform (IKE SK payload checksum, ESP/AH ICV). One instance per key, direction and thread.
/// </summary>
public interface IIntegrity : IDisposable
{
    /// <summary>The IANA integrity id.</summary>
    IntegrityAlgorithm Algorithm { get; }

    /// <summary>Key length in bytes.</summary>
    int KeyLength { get; }

    /// <summary>Length of the (truncated) ICV in bytes.</summary>
    int IcvLength { get; }

    /// <summary>Writes the truncated ICV of <paramref name="data"/> into <paramref name="icv"/> (<see cref="IcvLength"/> bytes).</summary>
    void Compute(ReadOnlySpan<byte> data, Span<byte> icv);

    /// <summary>Checks <paramref name="icv"/> against <paramref name="data"/> in constant time.</summary>
    bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> icv);
}
