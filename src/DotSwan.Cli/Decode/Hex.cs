namespace DotSwan.Cli.Decode;

/// <summary>Short hex renderings for the decoder's output.</summary>
internal static class Hex
{
    /// <summary>Lower-case hex, cut after <paramref name="maxBytes"/> bytes with the full length noted.</summary>
    public static string Short(ReadOnlyMemory<byte> bytes, int maxBytes = 16) =>
        bytes.Length <= maxBytes
            ? Convert.ToHexStringLower(bytes.Span)
            : $"{Convert.ToHexStringLower(bytes.Span[..maxBytes])}… ({bytes.Length} bytes)";
}
