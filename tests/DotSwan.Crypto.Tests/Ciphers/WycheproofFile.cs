using System.Text.Json;

namespace DotSwan.Crypto.Tests.Ciphers;

/// <summary>Reads the committed Wycheproof (subset) files: testGroups[].tests[] with hex fields.</summary>
internal static class WycheproofFile
{
    public static IEnumerable<JsonElement> Tests(string file, Func<JsonElement, bool>? groupFilter = null)
        => VectorFile.Load(file).GetProperty("testGroups").EnumerateArray()
            .Where(group => groupFilter is null || groupFilter(group))
            .SelectMany(group => group.GetProperty("tests").EnumerateArray());

    public static JsonElement Test(string file, int tcId)
        => Tests(file).Single(test => test.GetProperty("tcId").GetInt32() == tcId);

    public static void AssertCount(string file)
    {
        var root = VectorFile.Load(file);
        Assert.Equal(root.GetProperty("numberOfTests").GetInt32(), Tests(file).Count());
    }
}
