namespace DotSwan.Crypto.Tests.Signatures;

/// <summary>
/// Reads the compact transcription of a Wycheproof signature-verification file under TestData/sig:
/// "key &lt;hex&gt;" opens a group, then "&lt;tcId&gt; &lt;valid|invalid|acceptable&gt; &lt;msg hex or -&gt; &lt;sig hex or -&gt;" per test.
/// </summary>
internal static class WycheproofVectorFile
{
    public static IReadOnlyList<(int TcId, string Result, byte[] Key, byte[] Message, byte[] Signature)> Read(string file)
    {
        var tests = new List<(int, string, byte[], byte[], byte[])>();
        byte[]? key = null;
        foreach (var raw in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "sig", file)))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ');
            if (parts[0] == "key")
            {
                key = Convert.FromHexString(parts[1]);
                continue;
            }

            static byte[] Hex(string s) => s == "-" ? [] : Convert.FromHexString(s);
            tests.Add((int.Parse(parts[0]), parts[1], key ?? throw new InvalidDataException("test before key"), Hex(parts[2]), Hex(parts[3])));
        }

        return tests;
    }
}
