namespace DotSwan.Ipsec.Tests;

/// <summary>One ESP known-answer case from a TestData vector file.</summary>
public sealed record EspVector(int Index, byte[] Key, byte[] Salt, uint Spi, ulong Sequence, byte[] Iv, byte[] Plain, byte[] CipherAndTag)
{
    public byte[] KeyMaterial => [.. Key, .. Salt];

    public override string ToString() => $"case {Index} (SPI {Spi:x8}, seq {Sequence:x16})";

    /// <summary>Reads blank-line separated "name = hex" blocks; '#' starts a comment; spaces inside hex are ignored.</summary>
    public static IReadOnlyList<EspVector> Load(string fileName)
    {
        var vectors = new List<EspVector>();
        var fields = new Dictionary<string, string>();
        foreach (var raw in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", fileName)).Append(""))
        {
            var line = raw.Trim();
            if (line.StartsWith('#'))
            {
                continue;
            }

            if (line.Length == 0)
            {
                if (fields.Count > 0)
                {
                    vectors.Add(new EspVector(vectors.Count + 1, Hex(fields["key"]), Hex(fields["salt"]), Convert.ToUInt32(fields["spi"], 16),
                        Convert.ToUInt64(fields["seq"], 16), Hex(fields["iv"]), Hex(fields["plain"]), Hex(fields["ctag"])));
                    fields.Clear();
                }

                continue;
            }

            int equals = line.IndexOf('=');
            fields[line[..equals].Trim()] = line[(equals + 1)..].Replace(" ", "").Trim();
        }

        return vectors;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));
}
