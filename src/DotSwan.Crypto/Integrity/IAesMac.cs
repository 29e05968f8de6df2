namespace DotSwan.Crypto.Integrity;

/// <summary>A 128-bit AES-based MAC core (XCBC or CMAC) that integrity transforms truncate and PRFs rekey.</summary>
internal interface IAesMac : IDisposable
{
    /// <summary>Sets the 16-byte AES key and derives the subkeys.</summary>
    void SetKey(ReadOnlySpan<byte> key);

    /// <summary>Writes the full 16-byte MAC of <paramref name="data"/>.</summary>
    void Compute(ReadOnlySpan<byte> data, Span<byte> mac);
}
