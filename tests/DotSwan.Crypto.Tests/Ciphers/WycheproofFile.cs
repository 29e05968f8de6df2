using System.Collections.Concurrent;
using System.Text.Json;

namespace DotSwan.Crypto.Tests.Ciphers;

/// <summary>Reads the committed Wycheproof files: testGroups[].tests[] with hex fields.</summary>
internal static class WycheproofFile
{
    // Full upstream files are 60-250 kB and every theory row looks its case up, so each file is parsed once.
    private static readonly ConcurrentDictionary<string, JsonElement> Roots = new();

    public static JsonElement Root(string file) => Roots.GetOrAdd(file, VectorFile.Load);

    public static IEnumerable<JsonElement> Groups(string file) => Root(file).GetProperty("testGroups").EnumerateArray();

    public static IEnumerable<JsonElement> Tests(string file, Func<JsonElement, bool>? groupFilter = null)
        => Groups(file)
            .Where(group => groupFilter is null || groupFilter(group))
            .SelectMany(group => group.GetProperty("tests").EnumerateArray());

    public static JsonElement Test(string file, int tcId)
        => Tests(file).Single(test => test.GetProperty("tcId").GetInt32() == tcId);

    public static void AssertCount(string file)
        => Assert.Equal(Root(file).GetProperty("numberOfTests").GetInt32(), Tests(file).Count());
}
