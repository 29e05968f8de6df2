using System.Buffers.Binary;
using DotSwan.Ipsec.Encapsulation;

namespace DotSwan.Ipsec.Spd;

/// <summary>
/// The 5-tuple of an IP packet that policies are matched against: addresses, IP protocol and, for TCP, UDP and SCTP,
/// the ports (0 otherwise and for non-first fragments, which carry no ports). A value: parsing allocates nothing.
/// </summary>
/// <param name="Source">The packet's source address.</param>
/// <param name="Destination">The packet's destination address.</param>
/// <param name="Protocol">The IPv4 protocol or IPv6 next header.</param>
/// <param name="SourcePort">The transport source port (0 when none).</param>
/// <param name="DestinationPort">The transport destination port (0 when none).</param>
public readonly record struct PacketSelector(PacketAddress Source, PacketAddress Destination, byte Protocol, ushort SourcePort, ushort DestinationPort)
{
    /// <summary>IP protocol number of TCP.</summary>
    public const byte ProtocolTcp = 6;

    /// <summary>IP protocol number of UDP.</summary>
    public const byte ProtocolUdp = 17;

    /// <summary>IP protocol number of SCTP.</summary>
    public const byte ProtocolSctp = 132;

    /// <summary>Whether this is an IPv6 packet.</summary>
    public bool IsIpv6 => Source.IsIpv6;

    /// <summary>Reads the selector of an IPv4/IPv6 packet; false when the IP header does not parse. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out PacketSelector selector)
    {
        selector = default;
        if (!IpPacketInfo.TryParse(packet, out var ip))
        {
            return false;
        }

        selector = FromTransport(ip.Source, ip.Destination, ip.Protocol, FirstFragmentPayload(packet, ip));
        return true;
    }

    /// <summary>The selector of a transport payload between two addresses (transport mode after decapsulation). Never throws.</summary>
    public static PacketSelector FromTransport(PacketAddress source, PacketAddress destination, byte protocol, ReadOnlySpan<byte> transportPayload)
    {
        ushort sourcePort = 0;
        ushort destinationPort = 0;
        if (protocol is ProtocolTcp or ProtocolUdp or ProtocolSctp && transportPayload.Length >= 4)
        {
            sourcePort = BinaryPrimitives.ReadUInt16BigEndian(transportPayload);
            destinationPort = BinaryPrimitives.ReadUInt16BigEndian(transportPayload[2..]);
        }

        return new PacketSelector(source, destination, protocol, sourcePort, destinationPort);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Source}:{SourcePort} -> {Destination}:{DestinationPort} proto {Protocol}";

    private static ReadOnlySpan<byte> FirstFragmentPayload(ReadOnlySpan<byte> packet, IpPacketInfo ip)
    {
        // A non-first IPv4 fragment (offset != 0) carries no transport header.
        if (!ip.IsIpv6 && (BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x1fff) != 0)
        {
            return [];
        }

        return packet[ip.HeaderLength..ip.TotalLength];
    }
}
