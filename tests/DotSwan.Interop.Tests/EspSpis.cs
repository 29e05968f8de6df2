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
}
