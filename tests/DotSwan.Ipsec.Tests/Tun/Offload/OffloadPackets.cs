using System.Buffers.Binary;

namespace DotSwan.Ipsec.Tests.Tun.Offload;

/// <summary>
/// TCP and UDP packets for the offload tests, and an independent Internet checksum: a plain loop over big-endian 16-bit
/// words as RFC 1071 describes it, with nothing shared with the production code.
/// </summary>
internal static class OffloadPackets
{
    public const byte Ack = 0x10;
    public const byte Psh = 0x08;
    public const byte Fin = 0x01;
    public const byte Syn = 0x02;
    public const byte Cwr = 0x80;

    public static readonly byte[] Source4 = [10, 1, 0, 1];
    public static readonly byte[] Destination4 = [10, 2, 0, 1];
    public static readonly byte[] Source6 = [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    public static readonly byte[] Destination6 = [0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

    /// <summary>Reference sum: every 16-bit big-endian word added with end-around carry, one at a time.</summary>
    public static ushort ReferenceSum(IEnumerable<byte> bytes)
    {
        uint sum = 0;
        int index = 0;
        int high = 0;
        foreach (byte b in bytes)
        {
            if (index % 2 == 0)
            {
                high = b;
            }
            else
            {
                sum += (uint)((high << 8) | b);
                sum = (sum & 0xffff) + (sum >> 16);
            }

            index++;
        }

        if (index % 2 == 1)
        {
            sum += (uint)(high << 8);
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)sum;
    }

    public static byte[] PseudoHeader(byte[] packet, byte protocol)
    {
        bool ipv6 = packet[0] >> 4 == 6;
        int ipHeader = ipv6 ? 40 : (packet[0] & 0xf) * 4;
        int transportLength = packet.Length - ipHeader;
        var addresses = ipv6 ? packet.AsSpan(8, 32) : packet.AsSpan(12, 8);
        return [.. addresses, 0, protocol, (byte)(transportLength >> 8), (byte)transportLength];
    }

    /// <summary>Whether the IPv4 header checksum (if IPv4) and the transport checksum verify (sum of all = 0xffff).</summary>
    public static bool ChecksumsVerify(byte[] packet, byte protocol)
    {
        bool ipv6 = packet[0] >> 4 == 6;
        int ipHeader = ipv6 ? 40 : (packet[0] & 0xf) * 4;
        if (!ipv6 && ReferenceSum(packet.Take(ipHeader)) != 0xffff)
        {
            return false;
        }

        return ReferenceSum(PseudoHeader(packet, protocol).Concat(packet.Skip(ipHeader))) == 0xffff;
    }

    /// <summary>An IPv4 or IPv6 TCP packet with valid checksums (12 bytes of timestamp-like options when asked).</summary>
    public static byte[] Tcp(bool ipv6, uint sequence, uint acknowledgment, byte flags, byte[] payload, bool options = true, ushort identification = 0x1234, ushort window = 512)
    {
        int ipHeader = ipv6 ? 40 : 20;
        int tcpHeader = options ? 32 : 20;
        var packet = new byte[ipHeader + tcpHeader + payload.Length];
        WriteIp(packet, ipv6, 6, identification);
        var tcp = packet.AsSpan(ipHeader);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], 5201);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], acknowledgment);
        tcp[12] = (byte)((tcpHeader / 4) << 4);
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], window);
        if (options)
        {
            // NOP, NOP, timestamps (kind 8, length 10).
            tcp[20] = 1;
            tcp[21] = 1;
            tcp[22] = 8;
            tcp[23] = 10;
            BinaryPrimitives.WriteUInt32BigEndian(tcp[24..], 0x01020304);
            BinaryPrimitives.WriteUInt32BigEndian(tcp[28..], 0x05060708);
        }

        payload.CopyTo(tcp[tcpHeader..]);
        FinishChecksums(packet, 6, 16);
        return packet;
    }

    public static byte[] Udp(bool ipv6, byte[] payload)
    {
        int ipHeader = ipv6 ? 40 : 20;
        var packet = new byte[ipHeader + 8 + payload.Length];
        WriteIp(packet, ipv6, 17, 0x4321);
        var udp = packet.AsSpan(ipHeader);
        BinaryPrimitives.WriteUInt16BigEndian(udp, 5353);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 9999);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload.Length));
        payload.CopyTo(udp[8..]);
        FinishChecksums(packet, 17, 6);
        return packet;
    }

    /// <summary>Bytes 0, 1, 2 … (mod 251, so segments differ).</summary>
    public static byte[] Payload(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i % 251))];

    /// <summary>
    /// What the kernel hands a TUN reader with checksum offload: the transport checksum field holds the folded
    /// pseudo-header sum only (and for a super-segment, the IP lengths cover the whole packet).
    /// </summary>
    public static void MakePartial(byte[] packet, byte protocol, int checksumOffset)
    {
        int ipHeader = packet[0] >> 4 == 6 ? 40 : 20;
        ushort pseudo = ReferenceSum(PseudoHeader(packet, protocol));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(ipHeader + checksumOffset), pseudo);
    }

    private static void WriteIp(byte[] packet, bool ipv6, byte protocol, ushort identification)
    {
        if (ipv6)
        {
            packet[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(packet.Length - 40));
            packet[6] = protocol;
            packet[7] = 64;
            Source6.CopyTo(packet, 8);
            Destination6.CopyTo(packet, 24);
        }
        else
        {
            packet[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), identification);
            packet[6] = 0x40; // DF
            packet[8] = 64;
            packet[9] = protocol;
            Source4.CopyTo(packet, 12);
            Destination4.CopyTo(packet, 16);
        }
    }

    private static void FinishChecksums(byte[] packet, byte protocol, int checksumOffset)
    {
        bool ipv6 = packet[0] >> 4 == 6;
        int ipHeader = ipv6 ? 40 : 20;
        if (!ipv6)
        {
            packet[10] = 0;
            packet[11] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), (ushort)~ReferenceSum(packet.Take(20)));
        }

        packet[ipHeader + checksumOffset] = 0;
        packet[ipHeader + checksumOffset + 1] = 0;
        ushort checksum = (ushort)~ReferenceSum(PseudoHeader(packet, protocol).Concat(packet.Skip(ipHeader)));
        if (protocol == 17 && checksum == 0)
        {
            checksum = 0xffff;
        }

        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(ipHeader + checksumOffset), checksum);
    }
}
