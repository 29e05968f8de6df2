using System.Text.Json;

namespace DotSwan.Crypto.Tests.Ciphers;

/// <summary>Reads the committed JSON vector files under TestData/ (hex strings, one object per case).</summary>
internal static class VectorFile
{
    public static JsonElement Load(string relativePath)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", relativePath);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    public static IEnumerable<JsonElement> Cases(string relativePath, string arrayName = "cases")
        => Load(relativePath).GetProperty(arrayName).EnumerateArray();

    public static byte[] Hex(this JsonElement element, string property)
        => Convert.FromHexString(element.GetProperty(property).GetString()!);

    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    /// <summary>Theory data: one row per case, carrying the case name (for the test display) and its index.</summary>
    public static TheoryData<string, int> Rows(string relativePath, string arrayName = "cases")
    {
        var rows = new TheoryData<string, int>();
        int index = 0;
        foreach (var item in Cases(relativePath, arrayName))
        {
            rows.Add(item.Text("name"), index++);
        }

        return rows;
    }

    public static JsonElement Case(string relativePath, int index, string arrayName = "cases")
        => Cases(relativePath, arrayName).ElementAt(index);
}
