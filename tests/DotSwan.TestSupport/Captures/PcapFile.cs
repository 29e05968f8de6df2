using DotSwan.Wire.Capture;

namespace DotSwan.TestSupport.Captures;

/// <summary>Reads the committed lab captures for tests.</summary>
public static class PcapFile
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "captures", name);

    public static IReadOnlyList<CapturedDatagram> ReadUdp(string path)
    {
        Assert.True(PcapReader.TryReadUdp(File.ReadAllBytes(path), out var datagrams, out var error), error);
        return datagrams;
    }
}
