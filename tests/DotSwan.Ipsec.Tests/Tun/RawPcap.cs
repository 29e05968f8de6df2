using System.Buffers.Binary;

namespace DotSwan.Ipsec.Tests.Tun;

/// <summary>Reads the IP packets of a libpcap file captured on a veth (Ethernet link type): test-only, for protocols PcapReader does not parse (ESP, AH).</summary>
internal static class RawPcap
{
    public static IReadOnlyList<byte[]> ReadIpPackets(string path)
    {
        var file = File.ReadAllBytes(path);
        var packets = new List<byte[]>();
        Assert.True(file.Length >= 24, "pcap header");
        Assert.Equal(0xa1b2c3d4u, BinaryPrimitives.ReadUInt32LittleEndian(file));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20))); // Ethernet
        int offset = 24;
        while (offset + 16 <= file.Length)
        {
            int captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 8));
            if (offset + 16 + captured > file.Length)
            {
                break; // a record still being written
            }

            var frame = file.AsSpan(offset + 16, captured);
            ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
            if (etherType is 0x0800 or 0x86dd)
            {
                packets.Add(frame[14..].ToArray());
            }

            offset += 16 + captured;
        }

        return packets;
    }
}
