using System.Buffers.Binary;

namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>
/// Turns what an offloading TUN device hands the reader (a virtio-net header and a packet that may be a TCP or UDP
/// "super-segment" of up to 64 KB with a partial checksum) into finished IP packets of at most header + GSO-size bytes,
/// as the kernel's own GSO would (tcp_gso_segment / udp4_ufo_fragment): headers copied to each segment, IPv4 total length,
/// identification (+1 per segment) and header checksum, IPv6 payload length, TCP sequence number (+ GSO size per segment),
/// CWR only on the first and FIN/PSH only on the last segment, UDP length, and full transport checksums.
/// Pure, allocation-free: segments are written one after another into the caller's buffer, each with
/// <c>headroom</c> free bytes in front and <c>tailroom</c> behind, so ESP can be built around them in place.
/// </summary>
internal static class GsoSegmenter
{
    private const byte ProtocolTcp = 6;
    private const byte ProtocolUdp = 17;
    private const int TcpChecksumOffset = 16;
    private const int UdpChecksumOffset = 6;
    private const int UdpHeaderLength = 8;
    private const byte TcpFin = 0x01;
    private const byte TcpPsh = 0x08;
    private const byte TcpCwr = 0x80;

    /// <summary>
    /// Splits <paramref name="packet"/> as <paramref name="header"/> describes into <paramref name="output"/>, starting at
    /// <paramref name="used"/> (advanced past what was written). Segment <c>i</c> starts at
    /// <paramref name="offsets"/>[i] and is <paramref name="lengths"/>[i] bytes long. <paramref name="packet"/> is
    /// left as it was except for its checksum fields.
    /// </summary>
    public static GsoStatus Segment(Span<byte> packet, VirtioNetHeader header, Span<byte> output, ref int used, int headroom, int tailroom,
        Span<int> offsets, Span<int> lengths, out int count)
    {
        count = 0;
        int gsoType = header.GsoType & ~VirtioNetHeader.GsoEcn;
        if (gsoType == VirtioNetHeader.GsoNone)
        {
            return CopyWhole(packet, header, output, ref used, headroom, tailroom, offsets, lengths, out count);
        }

        bool ipv6;
        byte protocol;
        int checksumOffset;
        switch (gsoType)
        {
            case VirtioNetHeader.GsoTcpV4: (ipv6, protocol, checksumOffset) = (false, ProtocolTcp, TcpChecksumOffset); break;
            case VirtioNetHeader.GsoTcpV6: (ipv6, protocol, checksumOffset) = (true, ProtocolTcp, TcpChecksumOffset); break;
            case VirtioNetHeader.GsoUdpL4: (ipv6, protocol, checksumOffset) = (packet.Length > 0 && packet[0] >> 4 == 6, ProtocolUdp, UdpChecksumOffset); break;
            default: return GsoStatus.Unsupported;
        }

        if (!TryReadHeaders(packet, ipv6, protocol, header, checksumOffset, out int ipHeaderLength, out int headersLength, out var status))
        {
            return status;
        }

        int gsoSize = header.GsoSize;
        int payload = packet.Length - headersLength;
        if (gsoSize == 0 || payload <= 0)
        {
            // Nothing to split: one packet.
            gsoSize = Math.Max(payload, 1);
        }

        int segments = (payload + gsoSize - 1) / gsoSize;
        segments = Math.Max(segments, 1);
        if (segments > offsets.Length || segments > lengths.Length
            || (long)used + ((long)segments * (headroom + headersLength + tailroom)) + payload > output.Length)
        {
            return GsoStatus.NoRoom;
        }

        var headers = packet[..headersLength];
        ushort identification = ipv6 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(headers[4..]);
        uint sequence = protocol == ProtocolTcp ? BinaryPrimitives.ReadUInt32BigEndian(headers[(ipHeaderLength + 4)..]) : 0;
        byte flags = protocol == ProtocolTcp ? headers[ipHeaderLength + 13] : (byte)0;
        ulong addresses = InternetChecksum.PseudoHeader(headers, ipv6, protocol, 0);
        int position = used;
        for (int i = 0; i < segments; i++)
        {
            int dataStart = headersLength + (i * gsoSize);
            int dataLength = Math.Min(gsoSize, Math.Max(packet.Length - dataStart, 0));
            int length = headersLength + dataLength;
            int start = position + headroom;
            var segment = output.Slice(start, length);
            headers.CopyTo(segment);
            packet.Slice(dataStart, dataLength).CopyTo(segment[headersLength..]);
            if (ipv6)
            {
                BinaryPrimitives.WriteUInt16BigEndian(segment[4..], (ushort)(length - IpHeaderLength6));
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(segment[2..], (ushort)length);
                BinaryPrimitives.WriteUInt16BigEndian(segment[4..], (ushort)(identification + i));
                segment[10] = 0;
                segment[11] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(segment[10..], InternetChecksum.Complement(InternetChecksum.Add(segment[..ipHeaderLength], 0)));
            }

            var transport = segment[ipHeaderLength..];
            if (protocol == ProtocolTcp)
            {
                BinaryPrimitives.WriteUInt32BigEndian(transport[4..], sequence + (uint)(i * gsoSize));
                byte segmentFlags = flags;
                if (i > 0)
                {
                    segmentFlags &= unchecked((byte)~TcpCwr);
                }

                if (i < segments - 1)
                {
                    segmentFlags &= unchecked((byte)~(TcpFin | TcpPsh));
                }

                transport[13] = segmentFlags;
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(transport[4..], (ushort)transport.Length);
            }

            transport[checksumOffset] = 0;
            transport[checksumOffset + 1] = 0;
            ulong sum = InternetChecksum.Add(transport, addresses + (uint)(transport.Length >> 16) + (ushort)transport.Length);
            ushort checksum = InternetChecksum.Complement(sum);
            if (protocol == ProtocolUdp && checksum == 0)
            {
                // RFC 768: zero means "no checksum"; a computed zero is sent as all ones.
                checksum = 0xffff;
            }

            BinaryPrimitives.WriteUInt16BigEndian(transport[checksumOffset..], checksum);
            offsets[i] = start;
            lengths[i] = length;
            position = start + length + tailroom;
        }

        used = position;
        count = segments;
        return GsoStatus.Ok;
    }

    private const int IpHeaderLength6 = 40;

    // The packet is one finished packet except perhaps for its checksum: copy it and complete the checksum.
    private static GsoStatus CopyWhole(Span<byte> packet, VirtioNetHeader header, Span<byte> output, ref int used, int headroom, int tailroom,
        Span<int> offsets, Span<int> lengths, out int count)
    {
        count = 0;
        if (offsets.IsEmpty || lengths.IsEmpty || (long)used + headroom + packet.Length + tailroom > output.Length)
        {
            return GsoStatus.NoRoom;
        }

        if ((header.Flags & VirtioNetHeader.FlagNeedsChecksum) != 0)
        {
            int start = header.ChecksumStart;
            int field = start + header.ChecksumOffset;
            if (field + 2 > packet.Length)
            {
                return GsoStatus.Malformed;
            }

            // The field holds the pseudo-header sum: summing over it and complementing gives the checksum.
            ushort checksum = InternetChecksum.Complement(InternetChecksum.Add(packet[start..], 0));
            if (checksum == 0 && header.ChecksumOffset == UdpChecksumOffset && start >= 20 && IsUdp(packet))
            {
                checksum = 0xffff;
            }

            BinaryPrimitives.WriteUInt16BigEndian(packet[field..], checksum);
        }

        int offset = used + headroom;
        packet.CopyTo(output[offset..]);
        offsets[0] = offset;
        lengths[0] = packet.Length;
        used = offset + packet.Length + tailroom;
        count = 1;
        return GsoStatus.Ok;
    }

    private static bool IsUdp(ReadOnlySpan<byte> packet)
        => packet[0] >> 4 == 4 ? packet.Length > 9 && packet[9] == ProtocolUdp : packet.Length > 6 && packet[6] == ProtocolUdp;

    // The IP header (no IPv6 extension headers) and the TCP or UDP header behind it, checked against the virtio header.
    private static bool TryReadHeaders(ReadOnlySpan<byte> packet, bool ipv6, byte protocol, VirtioNetHeader header, int checksumOffset,
        out int ipHeaderLength, out int headersLength, out GsoStatus status)
    {
        ipHeaderLength = 0;
        headersLength = 0;
        status = GsoStatus.Malformed;
        if (packet.Length < (ipv6 ? IpHeaderLength6 : 20) || packet[0] >> 4 != (ipv6 ? 6 : 4))
        {
            return false;
        }

        if (ipv6)
        {
            ipHeaderLength = IpHeaderLength6;
            if (packet[6] != protocol)
            {
                // Extension headers in front of TCP/UDP: not split here.
                status = GsoStatus.Unsupported;
                return false;
            }
        }
        else
        {
            ipHeaderLength = (packet[0] & 0x0f) * 4;
            if (ipHeaderLength < 20 || packet[9] != protocol || (BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x3fff) != 0)
            {
                return false;
            }
        }

        if (header.ChecksumStart != ipHeaderLength || header.ChecksumOffset != checksumOffset)
        {
            return false;
        }

        int transportHeader = protocol == ProtocolTcp
            ? (packet.Length > ipHeaderLength + 12 ? (packet[ipHeaderLength + 12] >> 4) * 4 : 0)
            : UdpHeaderLength;
        if (transportHeader < (protocol == ProtocolTcp ? 20 : UdpHeaderLength))
        {
            return false;
        }

        headersLength = ipHeaderLength + transportHeader;
        if (headersLength > packet.Length)
        {
            return false;
        }

        status = GsoStatus.Ok;
        return true;
    }
}
