using DotSwan.Wire.Capture;

namespace DotSwan.Ike.Tests.Captures;

internal static class CaptureFile
{
    public static List<CapturedDatagram> ReadIke(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", name));
        Assert.True(PcapReader.TryReadUdp(bytes, out var datagrams, out var error), error);
        return [.. datagrams.Where(d => d.IsIke)];
    }
}
