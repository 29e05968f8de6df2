using System.Buffers.Binary;
using System.Net;

namespace DotSwan.Wire.Tests.Captures;

/// <summary>
/// Reads the UDP datagrams of a classic libpcap file (Ethernet link type, IPv4 or IPv6, no IP fragments).
/// Test-only: the captures are ours and well-formed, so it throws on anything unexpected.
/// </summary>
public static class PcapFile
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "captures", name);

    public static IReadOnlyList<CapturedDatagram> ReadUdp(string path)
    {
        var data = File.ReadAllBytes(path);
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        bool little = magic == 0xa1b2c3d4;
        if (!little && magic != 0xd4c3b2a1) { throw new InvalidDataException("not a libpcap file"); }
        uint U32(int at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at));
        if (U32(20) != 1) { throw new InvalidDataException("only Ethernet captures are supported"); }

        var result = new List<CapturedDatagram>();
        int offset = 24;
        int frame = 0;
        while (offset + 16 <= data.Length)
        {
            frame++;
            int captured = checked((int)U32(offset + 8));
            var packet = data.AsSpan(offset + 16, captured);
            offset += 16 + captured;
            var datagram = ParseEthernet(frame, packet);
            if (datagram is not null) { result.Add(datagram); }
        }
        return result;
    }

    private static CapturedDatagram? ParseEthernet(int frame, ReadOnlySpan<byte> packet)
    {
        ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(packet[12..]);
        var ip = packet[14..];
        IPAddress src, dst;
        ReadOnlySpan<byte> transport;
        if (etherType == 0x0800)
        {
            int ihl = (ip[0] & 0x0f) * 4;
            int total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            if (ip[9] != 17) { return null; }
            src = new IPAddress(ip.Slice(12, 4));
            dst = new IPAddress(ip.Slice(16, 4));
            transport = ip[ihl..total];
        }
        else if (etherType == 0x86dd)
        {
            if (ip[6] != 17) { return null; }
            int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
            src = new IPAddress(ip.Slice(8, 16));
            dst = new IPAddress(ip.Slice(24, 16));
            transport = ip.Slice(40, payloadLength);
        }
        else
        {
            return null;
        }
        int sport = BinaryPrimitives.ReadUInt16BigEndian(transport);
        int dport = BinaryPrimitives.ReadUInt16BigEndian(transport[2..]);
        int udpLength = BinaryPrimitives.ReadUInt16BigEndian(transport[4..]);
        return new CapturedDatagram(frame, src, dst, sport, dport, transport[8..udpLength].ToArray());
    }
}
