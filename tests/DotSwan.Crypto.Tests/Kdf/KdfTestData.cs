using System.Text.Json;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>Loads the vector files under TestData/kdf.</summary>
internal static class KdfTestData
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "kdf", file);

    /// <summary>The "cases" array of a JSON vector file, one element per case.</summary>
    public static IEnumerable<JsonElement> Cases(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf(file)));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
    }

    public static byte[] Hex(this JsonElement element, string property) => Convert.FromHexString(element.GetProperty(property).GetString()!);

    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static int Int(this JsonElement element, string property) => element.GetProperty(property).GetInt32();

    /// <summary>xUnit theory rows: one per case, identified by its name.</summary>
    public static TheoryData<string> Names(string file)
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in Cases(file))
        {
            data.Add(c.Text("name"));
        }

        return data;
    }

    public static JsonElement Case(string file, string name) => Cases(file).Single(c => c.Text("name") == name);
}
