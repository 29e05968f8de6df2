using System.Globalization;
using System.Text.RegularExpressions;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>
/// Reads the hex dumps strongSwan's charon writes at log level 4 ("label => N bytes @ addr" then "  off: XX XX …  ascii" lines).
/// </summary>
internal sealed partial class CharonLog
{
    private readonly string[] _lines;

    public CharonLog(string file) => _lines = File.ReadAllLines(KdfTestData.PathOf(Path.Combine("strongswan", file)));

    /// <summary>The <paramref name="occurrence"/>-th (0-based) dump whose label is exactly <paramref name="label"/>.</summary>
    public byte[] Dump(string label, int occurrence = 0)
    {
        int seen = 0;
        for (int i = 0; i < _lines.Length; i++)
        {
            Match header = Header().Match(_lines[i]);
            if (!header.Success || header.Groups["label"].Value != label || seen++ != occurrence)
            {
                continue;
            }

            int length = int.Parse(header.Groups["length"].Value, CultureInfo.InvariantCulture);
            var bytes = new List<byte>(length);
            for (int j = i + 1; bytes.Count < length; j++)
            {
                Match row = Row().Match(_lines[j]);
                Assert.True(row.Success, $"hex dump of '{label}' ends early at line {j + 1}");
                bytes.AddRange(Convert.FromHexString(row.Groups["hex"].Value.Replace(" ", "", StringComparison.Ordinal)));
            }

            return [.. bytes.Take(length)];
        }

        throw new InvalidOperationException($"no dump '{label}' #{occurrence} in the log");
    }

    /// <summary>The first log message (after the "<conn|n>" tag) that starts with <paramref name="prefix"/>.</summary>
    public string Message(string prefix) =>
        _lines.Select(l => Tag().Match(l)).Where(m => m.Success).Select(m => m.Groups["message"].Value)
            .First(m => m.StartsWith(prefix, StringComparison.Ordinal));

    [GeneratedRegex(@"<[^>]+> (?<label>.+) => (?<length>\d+) bytes @ 0x[0-9a-f]+$")]
    private static partial Regex Header();

    [GeneratedRegex(@"<[^>]+>\s+\d+: (?<hex>(?:[0-9A-F]{2} ){1,16})")]
    private static partial Regex Row();

    [GeneratedRegex(@"<[^>]+> (?<message>.*)$")]
    private static partial Regex Tag();
}
