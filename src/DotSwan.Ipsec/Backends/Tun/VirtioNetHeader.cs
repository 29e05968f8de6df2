using System.Buffers.Binary;

namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>
/// struct virtio_net_hdr (include/uapi/linux/virtio_net.h), the 10 bytes in front of every packet read from or written to
/// a TUN device opened with IFF_VNET_HDR: whether the packet still needs its transport checksum, and for a GSO
/// "super-segment" the segment type and size. Multi-byte fields are in the host's byte order (legacy virtio; TUN devices
/// default to it), little-endian on the platforms this runs on.
/// </summary>
/// <param name="Flags">NEEDS_CSUM (1): the checksum at <paramref name="ChecksumStart"/> + <paramref name="ChecksumOffset"/> holds only the pseudo-header sum.</param>
/// <param name="GsoType">NONE (0), TCPV4 (1), UDP (3, UFO), TCPV6 (4), UDP_L4 (5), plus the ECN bit (0x80).</param>
/// <param name="HeaderLength">Bytes of IP and transport headers (advisory: recomputed from the headers themselves).</param>
/// <param name="GsoSize">Payload bytes per segment.</param>
/// <param name="ChecksumStart">Where the transport header starts.</param>
/// <param name="ChecksumOffset">Offset of the checksum field within the transport header (16 TCP, 6 UDP).</param>
internal readonly record struct VirtioNetHeader(byte Flags, byte GsoType, ushort HeaderLength, ushort GsoSize, ushort ChecksumStart, ushort ChecksumOffset)
{
    /// <summary>sizeof(struct virtio_net_hdr).</summary>
    public const int Length = 10;

    public const byte FlagNeedsChecksum = 1;
    public const byte GsoNone = 0;
    public const byte GsoTcpV4 = 1;
    public const byte GsoUdp = 3;
    public const byte GsoTcpV6 = 4;
    public const byte GsoUdpL4 = 5;
    public const byte GsoEcn = 0x80;

    /// <summary>Reads a header from the first <see cref="Length"/> bytes (false when shorter).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out VirtioNetHeader header)
    {
        header = default;
        if (source.Length < Length)
        {
            return false;
        }

        header = new VirtioNetHeader(source[0], source[1], BinaryPrimitives.ReadUInt16LittleEndian(source[2..]),
            BinaryPrimitives.ReadUInt16LittleEndian(source[4..]), BinaryPrimitives.ReadUInt16LittleEndian(source[6..]),
            BinaryPrimitives.ReadUInt16LittleEndian(source[8..]));
        return true;
    }

    /// <summary>Writes the header into the first <see cref="Length"/> bytes of <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        destination[0] = Flags;
        destination[1] = GsoType;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], HeaderLength);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], GsoSize);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], ChecksumStart);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], ChecksumOffset);
    }
}
