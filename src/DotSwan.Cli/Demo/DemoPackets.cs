using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;

namespace DotSwan.Cli.Demo;

/// <summary>Inner IPv4/UDP packets the demo sends through its tunnels, and the check that what came out is what went in.</summary>
internal static class DemoPackets
{
    /// <summary><paramref name="count"/> UDP datagrams from <paramref name="source"/> to <paramref name="destination"/>, each with a numbered payload.</summary>
    public static IReadOnlyList<byte[]> Udp(IPAddress source, IPAddress destination, int count, string label)
    {
        var packets = new List<byte[]>(count);
        for (int i = 1; i <= count; i++)
        {
            byte[] payload = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"dotswan demo {label} packet {i:000} ").PadRight(72, '.'));
            packets.Add(Build(source, destination, 40000, 7, payload, (ushort)i));
        }

        return packets;
    }

    /// <summary>Whether <paramref name="received"/> holds exactly the packets of <paramref name="sent"/>, in order.</summary>
    public static bool Same(IReadOnlyList<byte[]> sent, IReadOnlyList<byte[]> received) =>
        sent.Count == received.Count && sent.Zip(received).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    private static byte[] Build(IPAddress source, IPAddress destination, ushort sourcePort, ushort destinationPort, byte[] payload, ushort id)
    {
        const int IpHeader = 20, UdpHeader = 8;
        byte[] packet = new byte[IpHeader + UdpHeader + payload.Length];
        var span = packet.AsSpan();
        span[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], id);
        span[8] = 64;
        span[9] = 17;
        source.TryWriteBytes(span[12..16], out _);
        destination.TryWriteBytes(span[16..20], out _);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], Checksum(span[..IpHeader]));
        BinaryPrimitives.WriteUInt16BigEndian(span[20..], sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(span[22..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(span[24..], (ushort)(UdpHeader + payload.Length));
        payload.CopyTo(span[(IpHeader + UdpHeader)..]);
        return packet;
    }

    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
