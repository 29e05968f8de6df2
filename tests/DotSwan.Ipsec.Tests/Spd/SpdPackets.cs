using System.Buffers.Binary;
using System.Net;

namespace DotSwan.Ipsec.Tests.Spd;

/// <summary>Builds small IPv4/IPv6 packets with a transport header for SPD and driver tests.</summary>
internal static class SpdPackets
{
    public static byte[] Packet(string source, string destination, byte protocol = 17, ushort sourcePort = 1000, ushort destinationPort = 2000, int payload = 32)
    {
        var src = IPAddress.Parse(source).GetAddressBytes();
        var dst = IPAddress.Parse(destination).GetAddressBytes();
        bool v6 = src.Length == 16;
        int header = v6 ? 40 : 20;
        var packet = new byte[header + 8 + payload];
        if (v6)
        {
            packet[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(packet.Length - 40));
            packet[6] = protocol;
            packet[7] = 64;
            src.CopyTo(packet, 8);
            dst.CopyTo(packet, 24);
        }
        else
        {
            packet[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
            packet[8] = 64;
            packet[9] = protocol;
            src.CopyTo(packet, 12);
            dst.CopyTo(packet, 16);
        }

        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(header), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(header + 2), destinationPort);
        if (protocol == 17)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(header + 4), (ushort)(packet.Length - header));
        }

        for (int i = header + 8; i < packet.Length; i++)
        {
            packet[i] = (byte)i;
        }

        return packet;
    }
}
