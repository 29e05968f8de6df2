using System.Buffers.Binary;

namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>
/// Receive-side coalescing for an offloading TUN device (what GRO does in the kernel): consecutive in-order TCP segments
/// of one flow, with equal headers apart from sequence number, lengths and checksums, are joined into one packet of up to
/// 64 KB that is written with a virtio-net header saying "TCP GSO, segment size N, checksum partial". The kernel then
/// treats it as one GRO packet: one write, one pass through the IP and TCP stack, instead of dozens.
/// <para>
/// Joinable: IPv4 without options and not fragmented, or IPv6 without extension headers; TCP with payload, flags ACK or
/// ACK|PSH only; same addresses, ports, ToS/traffic class, TTL/hop limit, DF, acknowledgment number, window and TCP
/// options; the sequence number continues the pending packet; every segment but the last exactly as long as the first.
/// PSH or a shorter segment ends the packet. The inner packets were authenticated by the SA, so their TCP checksums are
/// not verified again: the kernel is told to trust the sum (CHECKSUM_PARTIAL), as wireguard-go does.
/// </para>
/// One instance per thread; the buffer is preallocated, nothing is allocated per packet.
/// </summary>
internal sealed class TcpCoalescer
{
    /// <summary>The largest coalesced IP packet (the IPv4 total length field, and the IPv6 payload length here).</summary>
    public const int MaxPacketLength = 65535;

    /// <summary>Segments in one coalesced packet at most.</summary>
    public const int MaxSegments = 64;

    private const byte ProtocolTcp = 6;
    private const byte TcpAck = 0x10;
    private const byte TcpPsh = 0x08;
    private const int Ipv4HeaderLength = 20;
    private const int Ipv6HeaderLength = 40;

    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(VirtioNetHeader.Length + MaxPacketLength, pinned: true);
    private int _length;
    private int _segments;
    private int _segmentSize;
    private int _ipHeaderLength;
    private int _tcpHeaderLength;
    private bool _ipv6;
    private bool _closed;
    private uint _nextSequence;

    /// <summary>Whether a packet is pending (call <see cref="Complete"/> to take it).</summary>
    public bool HasPending => _length > 0;

    /// <summary>Inner packets in the pending packet.</summary>
    public int Segments => _segments;

    /// <summary>Inner packet bytes in the pending packet, as they arrived (headers counted once per segment).</summary>
    public long InnerBytes { get; private set; }

    /// <summary>
    /// Starts a new pending packet with <paramref name="packet"/> when it can be joined with later ones (a TCP segment
    /// with payload, see the class); false otherwise, and nothing changes. Only when nothing is pending.
    /// </summary>
    public bool TryStart(ReadOnlySpan<byte> packet)
    {
        if (HasPending || !TryParse(packet, out bool ipv6, out int ipHeaderLength, out int tcpHeaderLength, out int payload))
        {
            return false;
        }

        packet.CopyTo(_buffer.AsSpan(VirtioNetHeader.Length));
        _length = packet.Length;
        _segments = 1;
        _segmentSize = payload;
        _ipHeaderLength = ipHeaderLength;
        _tcpHeaderLength = tcpHeaderLength;
        _ipv6 = ipv6;
        _closed = (packet[ipHeaderLength + 13] & TcpPsh) != 0;
        _nextSequence = BinaryPrimitives.ReadUInt32BigEndian(packet[(ipHeaderLength + 4)..]) + (uint)payload;
        InnerBytes = packet.Length;
        return true;
    }

    /// <summary>Appends <paramref name="packet"/>'s payload to the pending packet when it continues it; false otherwise (nothing changes).</summary>
    public bool TryAppend(ReadOnlySpan<byte> packet)
    {
        if (!HasPending || _closed || _segments >= MaxSegments
            || !TryParse(packet, out bool ipv6, out int ipHeaderLength, out int tcpHeaderLength, out int payload)
            || ipv6 != _ipv6 || ipHeaderLength != _ipHeaderLength || tcpHeaderLength != _tcpHeaderLength
            || payload > _segmentSize || _length + payload > MaxPacketLength)
        {
            return false;
        }

        var pending = _buffer.AsSpan(VirtioNetHeader.Length, _length);
        if (ipv6)
        {
            // Version, traffic class, flow label; next header and hop limit; addresses.
            if (!packet[..4].SequenceEqual(pending[..4]) || !packet.Slice(6, 34).SequenceEqual(pending.Slice(6, 34)))
            {
                return false;
            }
        }
        else if (packet[1] != pending[1] || packet[6] != pending[6] || !packet.Slice(8, 2).SequenceEqual(pending.Slice(8, 2))
                 || !packet.Slice(12, 8).SequenceEqual(pending.Slice(12, 8)))
        {
            // ToS, DF, TTL and protocol, addresses.
            return false;
        }

        var tcp = packet[ipHeaderLength..];
        var pendingTcp = pending[ipHeaderLength..];
        // Ports; acknowledgment number; data offset; window, urgent pointer and options; flags apart from PSH.
        if (!tcp[..4].SequenceEqual(pendingTcp[..4]) || !tcp.Slice(8, 5).SequenceEqual(pendingTcp.Slice(8, 5))
            || !tcp.Slice(14, 2).SequenceEqual(pendingTcp.Slice(14, 2))
            || !tcp.Slice(18, tcpHeaderLength - 18).SequenceEqual(pendingTcp.Slice(18, tcpHeaderLength - 18))
            || BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]) != _nextSequence)
        {
            return false;
        }

        packet.Slice(ipHeaderLength + tcpHeaderLength, payload).CopyTo(_buffer.AsSpan(VirtioNetHeader.Length + _length));
        _length += payload;
        _segments++;
        _nextSequence += (uint)payload;
        InnerBytes += packet.Length;
        if ((tcp[13] & TcpPsh) != 0)
        {
            pendingTcp[13] |= TcpPsh;
            _closed = true;
        }

        // A shorter segment can only be the last one.
        _closed |= payload < _segmentSize;
        return true;
    }

    /// <summary>
    /// The pending packet behind its virtio-net header, ready to write to the device; the coalescer is empty afterwards
    /// and the span is valid until the next <see cref="TryStart"/>. A single segment goes out unchanged with a zero header.
    /// </summary>
    public ReadOnlySpan<byte> Complete()
    {
        var header = _buffer.AsSpan(0, VirtioNetHeader.Length);
        var packet = _buffer.AsSpan(VirtioNetHeader.Length, _length);
        if (_segments <= 1)
        {
            header.Clear();
        }
        else
        {
            if (_ipv6)
            {
                BinaryPrimitives.WriteUInt16BigEndian(packet[4..], (ushort)(_length - Ipv6HeaderLength));
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)_length);
                packet[10] = 0;
                packet[11] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(packet[10..], InternetChecksum.Complement(InternetChecksum.Add(packet[..Ipv4HeaderLength], 0)));
            }

            // CHECKSUM_PARTIAL: the field holds the folded pseudo-header sum, the kernel adds the rest.
            int transportLength = _length - _ipHeaderLength;
            ushort pseudo = InternetChecksum.Fold(InternetChecksum.PseudoHeader(packet, _ipv6, ProtocolTcp, transportLength));
            BinaryPrimitives.WriteUInt16BigEndian(packet[(_ipHeaderLength + 16)..], pseudo);
            new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, _ipv6 ? VirtioNetHeader.GsoTcpV6 : VirtioNetHeader.GsoTcpV4,
                (ushort)(_ipHeaderLength + _tcpHeaderLength), (ushort)_segmentSize, (ushort)_ipHeaderLength, 16).WriteTo(header);
        }

        int total = VirtioNetHeader.Length + _length;
        _length = 0;
        _segments = 0;
        InnerBytes = 0;
        return _buffer.AsSpan(0, total);
    }

    // A joinable TCP segment: its header lengths and payload length.
    private static bool TryParse(ReadOnlySpan<byte> packet, out bool ipv6, out int ipHeaderLength, out int tcpHeaderLength, out int payload)
    {
        ipv6 = false;
        ipHeaderLength = 0;
        tcpHeaderLength = 0;
        payload = 0;
        if (packet.Length < Ipv4HeaderLength + 20)
        {
            return false;
        }

        switch (packet[0] >> 4)
        {
            case 4:
                if (packet[0] != 0x45 || packet[9] != ProtocolTcp || BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) != packet.Length
                    || (BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x3fff) != 0)
                {
                    return false;
                }

                ipHeaderLength = Ipv4HeaderLength;
                break;
            case 6:
                if (packet.Length < Ipv6HeaderLength + 20 || packet[6] != ProtocolTcp
                    || BinaryPrimitives.ReadUInt16BigEndian(packet[4..]) + Ipv6HeaderLength != packet.Length)
                {
                    return false;
                }

                ipv6 = true;
                ipHeaderLength = Ipv6HeaderLength;
                break;
            default:
                return false;
        }

        tcpHeaderLength = (packet[ipHeaderLength + 12] >> 4) * 4;
        payload = packet.Length - ipHeaderLength - tcpHeaderLength;
        byte flags = packet[ipHeaderLength + 13];
        // ACK, perhaps PSH, nothing else (no SYN/FIN/RST/URG/ECE/CWR), and data.
        return tcpHeaderLength >= 20 && payload > 0 && (flags & ~TcpPsh) == TcpAck;
    }
}
