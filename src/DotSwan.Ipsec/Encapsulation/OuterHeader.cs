using System.Buffers.Binary;

namespace DotSwan.Ipsec.Encapsulation;

/// <summary>
/// Builds and strips the outer IPv4/IPv6 header and the optional UDP header (RFC 3948) around an ESP packet, so that a TUN
/// or raw-socket backend can send and receive whole IP packets. In tunnel mode the outer addresses are the SA's; in transport
/// mode the original packet's addresses with the protocol set to ESP (and the next header carrying the original protocol).
/// Allocates nothing; reading never throws.
/// </summary>
public static class OuterHeader
{
    /// <summary>Length of a UDP header.</summary>
    public const int UdpHeaderLength = 8;

    /// <summary>IP protocol number of UDP.</summary>
    public const byte ProtocolUdp = 17;

    /// <summary>IP protocol number of ESP.</summary>
    public const byte ProtocolEsp = 50;

    /// <summary>The bytes in front of the ESP packet: IP header (20 or 40) and UDP header (8) if encapsulated.</summary>
    public static int Length(bool ipv6, bool udpEncapsulated)
        => (ipv6 ? IpPacketInfo.Ipv6HeaderLength : IpPacketInfo.Ipv4HeaderLength) + (udpEncapsulated ? UdpHeaderLength : 0);

    /// <summary>
    /// Writes the outer headers into <paramref name="packet"/>[0 .. <see cref="Length"/>) in front of the
    /// <paramref name="espLength"/>-byte ESP packet that must already lie right after them; returns the whole packet length.
    /// Over IPv4 the UDP checksum is 0, which RFC 3948 §3.1 allows for ESP-in-UDP; over IPv6 it is computed (RFC 8200 §8.1).
    /// </summary>
    public static int Write(Span<byte> packet, PacketAddress source, PacketAddress destination, UdpEncapsulationPorts? udp, int espLength,
        byte hopLimit = 64, ushort identification = 0)
    {
        if (source.IsIpv6 != destination.IsIpv6)
        {
            throw new ArgumentException("source and destination must be of one address family", nameof(destination));
        }

        bool ipv6 = source.IsIpv6;
        int ipHeaderLength = ipv6 ? IpPacketInfo.Ipv6HeaderLength : IpPacketInfo.Ipv4HeaderLength;
        int transportLength = espLength + (udp.HasValue ? UdpHeaderLength : 0);
        byte protocol = udp.HasValue ? ProtocolUdp : ProtocolEsp;
        if (ipv6)
        {
            WriteIpv6Header(packet, source, destination, protocol, transportLength, hopLimit);
        }
        else
        {
            WriteIpv4Header(packet, source, destination, protocol, transportLength, hopLimit, identification);
        }

        if (udp is { } ports)
        {
            var udpHeader = packet.Slice(ipHeaderLength, UdpHeaderLength);
            BinaryPrimitives.WriteUInt16BigEndian(udpHeader, ports.SourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(udpHeader[2..], ports.DestinationPort);
            BinaryPrimitives.WriteUInt16BigEndian(udpHeader[4..], (ushort)transportLength);
            BinaryPrimitives.WriteUInt16BigEndian(udpHeader[6..], 0);
            if (ipv6)
            {
                ushort checksum = UdpChecksumIpv6(source, destination, packet.Slice(ipHeaderLength, transportLength));
                BinaryPrimitives.WriteUInt16BigEndian(udpHeader[6..], checksum);
            }
        }

        return ipHeaderLength + transportLength;
    }

    /// <summary>Writes a 20-byte IPv4 header (DF set, no options) with its checksum; returns 20.</summary>
    public static int WriteIpv4Header(Span<byte> destination, PacketAddress source, PacketAddress target, byte protocol, int payloadLength,
        byte ttl = 64, ushort identification = 0)
    {
        var header = destination[..IpPacketInfo.Ipv4HeaderLength];
        header[0] = 0x45;
        header[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], checked((ushort)(IpPacketInfo.Ipv4HeaderLength + payloadLength)));
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], identification);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], 0x4000);
        header[8] = ttl;
        header[9] = protocol;
        header[10] = 0;
        header[11] = 0;
        source.WriteTo(header[12..]);
        target.WriteTo(header[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], (ushort)~Fold(Sum(header, 0)));
        return IpPacketInfo.Ipv4HeaderLength;
    }

    /// <summary>Writes a 40-byte IPv6 header; returns 40.</summary>
    public static int WriteIpv6Header(Span<byte> destination, PacketAddress source, PacketAddress target, byte nextHeader, int payloadLength, byte hopLimit = 64)
    {
        var header = destination[..IpPacketInfo.Ipv6HeaderLength];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x6000_0000);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], checked((ushort)payloadLength));
        header[6] = nextHeader;
        header[7] = hopLimit;
        source.WriteTo(header[8..]);
        target.WriteTo(header[24..]);
        return IpPacketInfo.Ipv6HeaderLength;
    }

    /// <summary>
    /// Reads the outer headers of a received IP packet: plain ESP, AH (also behind IPv6 extension headers), or UDP to or from port 4500 carrying ESP, IKE or a
    /// NAT-keepalive (<paramref name="natTraversalPort"/> to listen elsewhere). Never throws.
    /// </summary>
    public static OuterPacketKind TryRead(ReadOnlySpan<byte> packet, out OuterPacket outer, ushort natTraversalPort = UdpEncapsulationPorts.NatTraversalPort)
    {
        outer = default;
        if (!IpPacketInfo.TryParse(packet, out var ip))
        {
            return OuterPacketKind.Malformed;
        }

        if (ip.IsFragment)
        {
            return OuterPacketKind.Fragment;
        }

        int offset = ip.HeaderLength;
        int length = ip.TotalLength - ip.HeaderLength;
        if (ip.Protocol == ProtocolEsp)
        {
            outer = new OuterPacket(ip.Source, ip.Destination, ip.Protocol, null, offset, length);
            return length >= Esp.EspPacket.HeaderLength ? OuterPacketKind.Esp : OuterPacketKind.Malformed;
        }

        if (ip.Protocol == Ah.AhPacket.ProtocolAh || (ip.IsIpv6 && ip.Protocol is 0 or 43 or 60))
        {
            if (Ah.AhPacket.TryLocate(packet, out int ahOffset, out int packetLength))
            {
                outer = new OuterPacket(ip.Source, ip.Destination, Ah.AhPacket.ProtocolAh, null, ahOffset, packetLength - ahOffset);
                return OuterPacketKind.Ah;
            }

            return ip.Protocol == Ah.AhPacket.ProtocolAh ? OuterPacketKind.Malformed : OuterPacketKind.NotIpsec;
        }

        if (ip.Protocol != ProtocolUdp)
        {
            return OuterPacketKind.NotIpsec;
        }

        if (length < UdpHeaderLength)
        {
            return OuterPacketKind.Malformed;
        }

        var udp = packet.Slice(offset, length);
        var ports = new UdpEncapsulationPorts(BinaryPrimitives.ReadUInt16BigEndian(udp), BinaryPrimitives.ReadUInt16BigEndian(udp[2..]));
        int udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
        if (udpLength < UdpHeaderLength || udpLength > length)
        {
            return OuterPacketKind.Malformed;
        }

        if (ports.DestinationPort != natTraversalPort && ports.SourcePort != natTraversalPort)
        {
            return OuterPacketKind.NotIpsec;
        }

        var payload = udp[UdpHeaderLength..udpLength];
        int payloadOffset = offset + UdpHeaderLength;
        switch (UdpEncapsulation.Classify(payload))
        {
            case UdpPayloadKind.Esp:
                outer = new OuterPacket(ip.Source, ip.Destination, ip.Protocol, ports, payloadOffset, payload.Length);
                return OuterPacketKind.UdpEsp;
            case UdpPayloadKind.Ike:
                outer = new OuterPacket(ip.Source, ip.Destination, ip.Protocol, ports, payloadOffset + UdpEncapsulation.NonEspMarkerLength,
                    payload.Length - UdpEncapsulation.NonEspMarkerLength);
                return OuterPacketKind.UdpIke;
            case UdpPayloadKind.NatKeepalive:
                outer = new OuterPacket(ip.Source, ip.Destination, ip.Protocol, ports, payloadOffset, payload.Length);
                return OuterPacketKind.NatKeepalive;
            default:
                return OuterPacketKind.Malformed;
        }
    }

    private static ushort UdpChecksumIpv6(PacketAddress source, PacketAddress destination, ReadOnlySpan<byte> udp)
    {
        Span<byte> pseudo = stackalloc byte[40];
        source.WriteTo(pseudo);
        destination.WriteTo(pseudo[16..]);
        BinaryPrimitives.WriteUInt32BigEndian(pseudo[32..], (uint)udp.Length);
        BinaryPrimitives.WriteUInt32BigEndian(pseudo[36..], ProtocolUdp);
        ushort checksum = (ushort)~Fold(Sum(udp, Sum(pseudo, 0)));

        // RFC 768: a computed checksum of zero is sent as all ones.
        return checksum == 0 ? (ushort)0xffff : checksum;
    }

    private static ulong Sum(ReadOnlySpan<byte> data, ulong sum)
    {
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (ulong)data[i] << 8;
        }

        return sum;
    }

    private static ushort Fold(ulong sum)
    {
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)sum;
    }
}
