using System.Buffers.Binary;

namespace DotSwan.Ipsec.Encapsulation;

/// <summary>
/// The fixed IP header facts of a packet: version, addresses, protocol, header and total length. Transport mode uses it to
/// split an IP packet into header and transport payload; tunnel mode to read inner packets. IPv6 extension headers are not
/// walked: <see cref="Protocol"/> is the IPv6 Next Header field.
/// </summary>
/// <param name="IsIpv6">Whether this is IPv6.</param>
/// <param name="Source">The source address.</param>
/// <param name="Destination">The destination address.</param>
/// <param name="Protocol">The IPv4 protocol or IPv6 next header.</param>
/// <param name="HeaderLength">The IPv4 header length with options, or 40.</param>
/// <param name="TotalLength">The packet length the header states.</param>
/// <param name="IsFragment">IPv4: more-fragments set or a fragment offset.</param>
public readonly record struct IpPacketInfo(bool IsIpv6, PacketAddress Source, PacketAddress Destination, byte Protocol, int HeaderLength, int TotalLength, bool IsFragment)
{
    /// <summary>Length of an IPv4 header without options.</summary>
    public const int Ipv4HeaderLength = 20;

    /// <summary>Length of the IPv6 fixed header.</summary>
    public const int Ipv6HeaderLength = 40;

    /// <summary>Reads the IP header of <paramref name="packet"/>; false when it is not IPv4/IPv6 or the lengths do not fit. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out IpPacketInfo info)
    {
        info = default;
        if (packet.IsEmpty)
        {
            return false;
        }

        switch (packet[0] >> 4)
        {
            case 4 when packet.Length >= Ipv4HeaderLength:
            {
                int headerLength = (packet[0] & 0x0f) * 4;
                int totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
                if (headerLength < Ipv4HeaderLength || totalLength < headerLength || totalLength > packet.Length)
                {
                    return false;
                }

                bool fragment = (BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x3fff) != 0;
                PacketAddress.TryRead(packet.Slice(12, 4), out var source);
                PacketAddress.TryRead(packet.Slice(16, 4), out var destination);
                info = new IpPacketInfo(false, source, destination, packet[9], headerLength, totalLength, fragment);
                return true;
            }

            case 6 when packet.Length >= Ipv6HeaderLength:
            {
                int totalLength = Ipv6HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
                if (totalLength > packet.Length)
                {
                    return false;
                }

                PacketAddress.TryRead(packet.Slice(8, 16), out var source);
                PacketAddress.TryRead(packet.Slice(24, 16), out var destination);
                info = new IpPacketInfo(true, source, destination, packet[6], Ipv6HeaderLength, totalLength, false);
                return true;
            }

            default:
                return false;
        }
    }
}
