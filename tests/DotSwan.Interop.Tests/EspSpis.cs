using System.Buffers.Binary;

namespace DotSwan.Interop.Tests;

/// <summary>The SPIs of UDP-encapsulated ESP packets (RFC 3948: on port 4500, first four bytes non-zero) in a capture.</summary>
internal static class EspSpis
{
    public static IReadOnlyList<uint> Of(IEnumerable<CapturedDatagram> datagrams) =>
        datagrams
            .Where(d => (d.SourcePort == 4500 || d.DestinationPort == 4500) && d.Payload.Length >= 8 && !d.IsIke)
            .Select(d => BinaryPrimitives.ReadUInt32BigEndian(d.Payload))
            .Where(spi => spi != 0)
            .ToList();

    /// <summary>True once the capture holds at least as many ESP packets per SPI as strongSwan counted on the Child SA.</summary>
    public static bool Covers(IReadOnlyList<CapturedDatagram> datagrams, SwanctlChildSa child)
    {
        var spis = Of(datagrams);
        return (ulong)spis.Count(s => s == child.OutboundSpi) >= child.OutboundPackets
            && (ulong)spis.Count(s => s == child.InboundSpi) >= child.InboundPackets;
    }

    /// <summary>
    /// The traffic went through the tunnel: every ESP packet carries one of the Child SA's SPIs, and the capture holds
    /// exactly as many per direction as strongSwan counted (at least one each way).
    /// </summary>
    public static void AssertMatch(IReadOnlyList<CapturedDatagram> datagrams, SwanctlChildSa child)
    {
        var spis = Of(datagrams);
        Assert.All(spis, spi => Assert.True(spi == child.OutboundSpi || spi == child.InboundSpi, $"unexpected ESP SPI {spi:x8}"));
        Assert.True(child.OutboundPackets > 0 && child.InboundPackets > 0, $"no ESP both ways: {child}");
        Assert.Equal(child.OutboundPackets, (ulong)spis.Count(s => s == child.OutboundSpi));
        Assert.Equal(child.InboundPackets, (ulong)spis.Count(s => s == child.InboundSpi));
    }
}
