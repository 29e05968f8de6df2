using System.Buffers.Binary;
using System.Net;

namespace DotSwan.Wire.Capture;

/// <summary>
/// Reads the UDP datagrams of a classic libpcap capture (Ethernet or Linux cooked link types, IPv4 or IPv6,
/// unfragmented). Used to decode captures of IKE traffic; untrusted bytes never make it throw.
/// </summary>
public static class PcapReader
{
    private const uint MagicMicroseconds = 0xa1b2c3d4;
    private const uint MagicNanoseconds = 0xa1b23c4d;
    private const int GlobalHeaderLength = 24;
    private const int RecordHeaderLength = 16;
    private const uint LinkTypeEthernet = 1;
    private const uint LinkTypeLinuxSll = 113;
    private const uint LinkTypeRaw = 101;

    /// <summary>
    /// Reads every UDP datagram of the capture in <paramref name="capture"/>; other frames are skipped.
    /// Returns false with a reason when the file is not a libpcap capture this reader understands or is cut short.
    /// </summary>
    public static bool TryReadUdp(ReadOnlySpan<byte> capture, out List<CapturedDatagram> datagrams, out string? error)
    {
        datagrams = [];
        error = null;
        if (capture.Length < GlobalHeaderLength)
        {
            error = "file too short for a pcap header";
            return false;
        }
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(capture);
        bool littleEndian;
        if (magic is MagicMicroseconds or MagicNanoseconds) { littleEndian = true; }
        else if (BinaryPrimitives.ReverseEndianness(magic) is MagicMicroseconds or MagicNanoseconds) { littleEndian = false; }
        else
        {
            error = "not a libpcap file (pcapng is not supported: convert with 'editcap -F pcap')";
            return false;
        }
        bool nanoseconds = (littleEndian ? magic : BinaryPrimitives.ReverseEndianness(magic)) == MagicNanoseconds;
        uint linkType = ReadUInt32(capture[20..], littleEndian);
        if (linkType is not (LinkTypeEthernet or LinkTypeLinuxSll or LinkTypeRaw))
        {
            error = $"link type {linkType} is not supported (Ethernet, Linux cooked and raw IP are)";
            return false;
        }

        int offset = GlobalHeaderLength;
        int frame = 0;
        while (capture.Length - offset >= RecordHeaderLength)
        {
            frame++;
            var record = capture.Slice(offset, RecordHeaderLength);
            uint seconds = ReadUInt32(record, littleEndian);
            uint fraction = ReadUInt32(record[4..], littleEndian);
            uint captured = ReadUInt32(record[8..], littleEndian);
            if (captured > capture.Length - offset - RecordHeaderLength)
            {
                error = $"frame {frame} is cut short";
                return false;
            }
            var packet = capture.Slice(offset + RecordHeaderLength, (int)captured);
            offset += RecordHeaderLength + (int)captured;
            var time = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanoseconds ? fraction / 100 : fraction * 10L);
            if (TryReadLinkLayer(packet, linkType, out var ip, out bool isIpv6)
                && TryReadUdp(ip, isIpv6, frame, time, out var datagram))
            {
                datagrams.Add(datagram);
            }
        }
        return true;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);

    private static bool TryReadLinkLayer(ReadOnlySpan<byte> packet, uint linkType, out ReadOnlySpan<byte> ip, out bool isIpv6)
    {
        ip = default;
        isIpv6 = false;
        int headerLength;
        ushort etherType;
        switch (linkType)
        {
            case LinkTypeEthernet when packet.Length >= 14:
                etherType = BinaryPrimitives.ReadUInt16BigEndian(packet[12..]);
                headerLength = 14;
                break;
            case LinkTypeLinuxSll when packet.Length >= 16:
                etherType = BinaryPrimitives.ReadUInt16BigEndian(packet[14..]);
                headerLength = 16;
                break;
            case LinkTypeRaw when packet.Length >= 1:
                etherType = (packet[0] >> 4) == 6 ? (ushort)0x86dd : (ushort)0x0800;
                headerLength = 0;
                break;
            default:
                return false;
        }
        if (etherType is not (0x0800 or 0x86dd)) { return false; }
        isIpv6 = etherType == 0x86dd;
        ip = packet[headerLength..];
        return true;
    }

    private static bool TryReadUdp(ReadOnlySpan<byte> ip, bool isIpv6, int frame, DateTimeOffset time, out CapturedDatagram datagram)
    {
        datagram = null!;
        IPAddress source, destination;
        ReadOnlySpan<byte> udp;
        if (!isIpv6)
        {
            if (ip.Length < 20) { return false; }
            int headerLength = (ip[0] & 0x0f) * 4;
            int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            bool fragmented = (BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x3fff) != 0;
            if (ip[9] != 17 || fragmented || headerLength < 20 || totalLength < headerLength || totalLength > ip.Length) { return false; }
            source = new IPAddress(ip.Slice(12, 4));
            destination = new IPAddress(ip.Slice(16, 4));
            udp = ip[headerLength..totalLength];
        }
        else
        {
            // Extension headers are not followed: IKE over IPv6 is sent without them.
            if (ip.Length < 40 || ip[6] != 17) { return false; }
            int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
            if (payloadLength > ip.Length - 40) { return false; }
            source = new IPAddress(ip.Slice(8, 16));
            destination = new IPAddress(ip.Slice(24, 16));
            udp = ip.Slice(40, payloadLength);
        }
        if (udp.Length < 8) { return false; }
        int udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
        if (udpLength < 8 || udpLength > udp.Length) { return false; }
        datagram = new CapturedDatagram(
            frame, time, source, destination,
            BinaryPrimitives.ReadUInt16BigEndian(udp), BinaryPrimitives.ReadUInt16BigEndian(udp[2..]),
            udp[8..udpLength].ToArray());
        return true;
    }
}
