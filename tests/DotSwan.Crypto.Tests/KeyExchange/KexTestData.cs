using System.Text.Json;

namespace DotSwan.Crypto.Tests.KeyExchange;

/// <summary>Loads the committed vector files under TestData/kex.</summary>
internal static class KexTestData
{
    public static JsonDocument Load(string fileName) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "kex", fileName)));

    public static byte[] Hex(this JsonElement element, string property) =>
        Convert.FromHexString(element.GetProperty(property).GetString()!);

    public static IKeyExchangeFactory Factory(KeyExchangeMethod method)
    {
        Assert.True(DotSwan.Crypto.KeyExchange.KeyExchangeCatalog.TryGetFactory(method, out var factory), $"{method} is not in the catalog");
        return factory;
    }
}
