using System.Net;
using DotSwan.Ipsec.Encapsulation;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.Sad;
using DotSwan.Ipsec.Transport;

namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>
/// The userspace IPsec data plane over a TUN device and either a NAT-T UDP socket (ESP in UDP, what strongSwan's
/// kernel-libipsec does) or a raw IP socket (plain ESP or AH, <see cref="RawIpsecTransport"/>): packets the kernel routes
/// into the TUN device are matched against the <see cref="IOutboundPolicy"/>, encapsulated by the route's outbound SA and
/// sent to the peer; what is received is looked up in the SAD by SPI (and protocol), decapsulated, checked against the
/// <see cref="IInboundPolicy"/> and the inner packet written back to the TUN device.
/// <para>
/// One dedicated thread per direction, each with preallocated buffers reused for every packet (encapsulation and
/// decapsulation work in place): no allocation per packet. With a device opened with offloads
/// (<see cref="TunDevice.Offloads"/>) the outbound thread splits TCP/UDP super-segments (<see cref="GsoSegmenter"/>) before
/// encapsulating each segment, and the inbound thread joins consecutive TCP segments of one flow into one GSO write
/// (<see cref="TcpCoalescer"/>); over UDP, outbound runs go out as UDP GSO sends and inbound batches arrive through UDP_GRO. Outbound SAs are only touched by the outbound thread and
/// inbound SAs by the inbound thread, as <see cref="SecurityAssociation"/> requires. The caller owns the device, the
/// transport and the SAD and disposes them after this plane.
/// </para>
/// </summary>
public sealed class TunDataPlane : IDisposable
{
    // Room in front of an inner packet for the outer IPv6 header (raw transport) and the longest ESP header + IV (24) or
    // AH header (12 + 32-byte ICV, padded: 48), so packets are built in place.
    private const int Headroom = 128;
    // Room behind it for padding, pad length, next header and the longest ICV.
    private const int Tailroom = 128;
    private const int MaxIpPacket = 65535;
    private const int PollMilliseconds = 100;
    // Reads from the TUN queue per wake-up; UDP GSO takes at most 64 segments and 64 KB.
    private const int ReadsPerBatch = 16;
    private const int MaxSegments = 64;
    private const int MaxGsoBytes = 65000;
    // Segments one super-segment from an offloading device may become (64 KB at an MSS of 512 and more).
    private const int SegmentsPerRead = 128;
    // ESP packets one batch holds, and the buffer they are built in: room for the worst case of one more read.
    private const int BatchPackets = 256;
    private const int ReserveBytes = MaxIpPacket + (SegmentsPerRead * (Headroom + Tailroom + 120));
    private const int BatchBytes = 4 * ReserveBytes;

    private readonly TunDevice _device;
    private readonly UdpEspTransport? _transport;
    private readonly RawIpsecTransport? _raw;
    private readonly SecurityAssociationDatabase _sad;
    private readonly IOutboundPolicy _policy;
    private readonly IInboundPolicy? _inboundPolicy;
    private readonly Thread _outbound;
    private readonly Thread _inbound;
    private readonly TcpCoalescer? _coalescer;
    private byte[]? _scratch;
    private volatile bool _stopping;
    private int _started;

    /// <summary>
    /// Wires <paramref name="device"/>, <paramref name="transport"/>, <paramref name="sad"/> and <paramref name="policy"/>;
    /// call <see cref="Start"/>. Without <paramref name="inboundPolicy"/> decapsulated packets are not checked against
    /// selectors (only for tests: any inner source the peer sends is accepted).
    /// </summary>
    public TunDataPlane(TunDevice device, UdpEspTransport transport, SecurityAssociationDatabase sad, IOutboundPolicy policy, IInboundPolicy? inboundPolicy = null)
        : this(device, transport, null, sad, policy, inboundPolicy)
    {
        ArgumentNullException.ThrowIfNull(transport);
    }

    /// <summary>
    /// As the UDP constructor, over a raw socket for plain ESP or AH: the routes' peer addresses are serialized with
    /// <see cref="RawIpsecTransport.AddressOf"/> (port 0), and the SAs must not be UDP-encapsulated.
    /// </summary>
    public TunDataPlane(TunDevice device, RawIpsecTransport transport, SecurityAssociationDatabase sad, IOutboundPolicy policy, IInboundPolicy? inboundPolicy = null)
        : this(device, null, transport, sad, policy, inboundPolicy)
    {
        ArgumentNullException.ThrowIfNull(transport);
    }

    private TunDataPlane(TunDevice device, UdpEspTransport? udp, RawIpsecTransport? raw, SecurityAssociationDatabase sad, IOutboundPolicy policy, IInboundPolicy? inboundPolicy)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(sad);
        ArgumentNullException.ThrowIfNull(policy);
        _device = device;
        _transport = udp;
        _raw = raw;
        _sad = sad;
        _policy = policy;
        _inboundPolicy = inboundPolicy;
        // Inbound thread only: joins decrypted TCP segments into GSO writes when the device takes them.
        _coalescer = (device.Offloads & TunOffloads.TcpSegmentation) != 0 ? new TcpCoalescer() : null;
        _outbound = new Thread(RunOutbound) { IsBackground = true, Name = $"{device.Name} outbound" };
        _inbound = new Thread(RunInbound) { IsBackground = true, Name = $"{device.Name} inbound" };
    }

    /// <summary>Packets, bytes and drops.</summary>
    public TunDataPlaneCounters Counters { get; } = new();

    /// <summary>Whether both threads run.</summary>
    public bool IsRunning => Volatile.Read(ref _started) == 1 && !_stopping && _outbound.IsAlive && _inbound.IsAlive;

    /// <summary>Starts the outbound (TUN → UDP) and inbound (UDP → TUN) threads.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("already started");
        }

        // The inbound loop handles UDP_GRO batches: let the kernel hand over a peer's GSO sends whole.
        _transport?.TryEnableReceiveCoalescing();
        _outbound.Start();
        _inbound.Start();
    }

    /// <summary>
    /// Stops both threads (they notice within about 100 ms) and waits for them at most <paramref name="timeout"/>;
    /// true when both ended. Packets in flight are dropped.
    /// </summary>
    public bool Stop(TimeSpan timeout)
    {
        _stopping = true;
        if (Volatile.Read(ref _started) == 0)
        {
            return true;
        }

        bool outboundEnded = _outbound.Join(timeout);
        bool inboundEnded = _inbound.Join(timeout);
        return outboundEnded && inboundEnded;
    }

    /// <summary>Stops the threads (waiting at most 2 s each); the device, transport and SAD stay the caller's.</summary>
    public void Dispose() => Stop(TimeSpan.FromSeconds(2));

    /// <inheritdoc />
    public override string ToString() => $"{_device} ↔ {(_transport is { } udp ? udp.LocalEndPoint.ToString() : _raw!.ToString())}: {Counters}";

    /// <summary>
    /// Encapsulates the inner packet at <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="length"/>] in place
    /// and sends it. <paramref name="offset"/> must leave room for the SA's <see cref="SecurityAssociation.PayloadOffset"/>
    /// in front and the buffer room for <see cref="SecurityAssociation.MaxOverhead"/> behind.
    /// </summary>
    internal void ProcessOutbound(Span<byte> buffer, int offset, int length)
    {
        if (!TryEncapsulateOutbound(buffer, offset, length, out int start, out int written, out var peer))
        {
            return;
        }

        var destination = buffer.Slice(start, written);
        bool sent = _raw is null ? _transport!.TrySendEsp(destination, peer!) : _raw.TrySendPacket(destination, peer!);
        if (!sent)
        {
            Counters.AddDrop(DataPlaneDropReason.SendFailed);
            return;
        }

        Counters.AddOutbound(length);
    }

    // Policy lookup and in-place encapsulation; false (counted) when the packet is dropped. The datagram to send is
    // buffer[start..start + written], to peer.
    private bool TryEncapsulateOutbound(Span<byte> buffer, int offset, int length, out int start, out int written, out SocketAddress? peer)
    {
        start = 0;
        written = 0;
        peer = null;
        var packet = buffer.Slice(offset, length);
        if (!IpPacketInfo.TryParse(packet, out var info))
        {
            Counters.AddDrop(DataPlaneDropReason.NotIp);
            return false;
        }

        if (!_policy.TryFind(info.Source, info.Destination, out var route))
        {
            Counters.AddDrop(DataPlaneDropReason.NoPolicy);
            return false;
        }

        var sa = route!.SecurityAssociation;
        byte nextHeader = info.IsIpv6 ? EspPacket.NextHeaderIpv6 : EspPacket.NextHeaderIpv4;
        // UDP: the bare ESP packet is the datagram. Raw: the whole IP packet (AH authenticates its header).
        int front = _raw is null ? sa.PayloadOffset : sa.OuterHeaderLength + sa.PayloadOffset;
        if (front > offset || buffer.Length - offset - length < sa.MaxOverhead)
        {
            // No room to build the packet in place.
            Counters.AddDrop(DataPlaneDropReason.EncapsulationRefused);
            return false;
        }

        start = offset - front;
        var destination = buffer[start..];
        var status = _raw is null
            ? sa.TryEncapsulate(packet, nextHeader, destination, out written)
            : sa.TryEncapsulatePacket(packet, nextHeader, destination, out written);
        if (status != EspStatus.Ok)
        {
            Counters.AddDrop(DataPlaneDropReason.EncapsulationRefused);
            return false;
        }

        peer = route.PeerAddress;
        return true;
    }

    /// <summary>Decapsulates the ESP packet in <paramref name="espPacket"/> in place and writes the inner packet to the TUN device.</summary>
    internal void ProcessInbound(Span<byte> espPacket)
    {
        var status = _sad.TryDecapsulate(_transport!.LocalAddress, espPacket, out var result, out var sa);
        Deliver(espPacket, status, result, sa);
    }

    /// <summary>
    /// Decapsulates the whole IP packet (plain ESP or AH) at the start of <paramref name="buffer"/> in place and writes the
    /// inner packet to the TUN device. Bytes behind the packet may be borrowed (AH with ESN).
    /// </summary>
    internal void ProcessInboundPacket(Span<byte> buffer)
    {
        var status = _sad.TryDecapsulatePacket(buffer, out var result, out var sa);
        Deliver(buffer, status, result, sa);
    }

    private void Deliver(Span<byte> espPacket, EspStatus status, EspDecapsulated result, SecurityAssociation? sa)
    {
        if (status != EspStatus.Ok)
        {
            Counters.AddDrop(status == EspStatus.UnknownSpi ? DataPlaneDropReason.UnknownSpi : DataPlaneDropReason.DecapsulationFailed);
            return;
        }

        if (result.IsDummy)
        {
            Counters.AddDrop(DataPlaneDropReason.DummyPacket);
            return;
        }

        var inner = espPacket[result.PayloadRange];
        if (_inboundPolicy is not null
            && (!IpPacketInfo.TryParse(inner, out var info) || !_inboundPolicy.Allows(sa!, info.Source, info.Destination)))
        {
            Counters.AddDrop(DataPlaneDropReason.InboundPolicy);
            return;
        }

        if (!_device.HasVirtioHeader)
        {
            if (!_device.TryWrite(inner))
            {
                Counters.AddDrop(DataPlaneDropReason.TunWriteFailed);
                return;
            }

            Counters.AddInbound(result.PayloadLength);
            return;
        }

        if (_coalescer is { } coalescer)
        {
            if (coalescer.TryAppend(inner))
            {
                return;
            }

            FlushCoalesced();
            if (coalescer.TryStart(inner))
            {
                return;
            }
        }

        // One packet behind a zero virtio-net header, written over the consumed ESP header in front of it when there is room.
        int start = result.PayloadOffset;
        Span<byte> framed;
        if (start >= VirtioNetHeader.Length)
        {
            framed = espPacket[(start - VirtioNetHeader.Length)..(start + inner.Length)];
        }
        else
        {
            _scratch ??= GC.AllocateUninitializedArray<byte>(VirtioNetHeader.Length + MaxIpPacket, pinned: true);
            framed = _scratch.AsSpan(0, VirtioNetHeader.Length + inner.Length);
            inner.CopyTo(framed[VirtioNetHeader.Length..]);
        }

        framed[..VirtioNetHeader.Length].Clear();
        if (!_device.TryWrite(framed))
        {
            Counters.AddDrop(DataPlaneDropReason.TunWriteFailed);
            return;
        }

        Counters.AddInbound(result.PayloadLength);
    }

    /// <summary>Writes the TCP segments joined so far (if any) to the device as one packet. Inbound thread only.</summary>
    internal void FlushCoalesced()
    {
        if (_coalescer is not { HasPending: true } coalescer)
        {
            return;
        }

        int segments = coalescer.Segments;
        long bytes = coalescer.InnerBytes;
        if (!_device.TryWrite(coalescer.Complete()))
        {
            Counters.AddDrop(DataPlaneDropReason.TunWriteFailed, segments);
            return;
        }

        Counters.AddInbound(segments, bytes);
        if (segments > 1)
        {
            Counters.AddCoalescedWrite();
        }
    }

    // After each wake-up: read what the TUN queue holds (up to ReadsPerBatch packets, or super-segments that an offloading
    // device hands over and that are split here first), encapsulate each packet in its own slot of one buffer, then send:
    // over UDP, runs of equal-sized datagrams to one peer as one UDP GSO send (UDP_SEGMENT), one syscall and one route
    // lookup per run instead of per packet; over a raw socket, one by one.
    private void RunOutbound()
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(BatchBytes, pinned: true);
        byte[]? read = _device.HasVirtioHeader ? GC.AllocateUninitializedArray<byte>(VirtioNetHeader.Length + MaxIpPacket + 1, pinned: true) : null;
        var starts = new int[BatchPackets];
        var lengths = new int[BatchPackets];
        var innerLengths = new int[BatchPackets];
        var peers = new SocketAddress?[BatchPackets];
        var segmentOffsets = new int[SegmentsPerRead];
        var segmentLengths = new int[SegmentsPerRead];
        while (!_stopping)
        {
            int count = 0;
            int used = 0;
            for (int reads = 0; reads < ReadsPerBatch && !_stopping && BatchBytes - used >= ReserveBytes && BatchPackets - count >= SegmentsPerRead; reads++)
            {
                // Wait only for the first packet of a batch; then take what is queued.
                int timeout = reads == 0 ? PollMilliseconds : 0;
                int segments;
                if (read is null)
                {
                    if (!_device.TryRead(buffer.AsSpan(used + Headroom, MaxIpPacket), timeout, out int length))
                    {
                        break;
                    }

                    segmentOffsets[0] = used + Headroom;
                    segmentLengths[0] = length;
                    segments = 1;
                    used += Headroom + length + Tailroom;
                }
                else
                {
                    if (!_device.TryRead(read, timeout, out int length))
                    {
                        break;
                    }

                    if (!ReadOffloaded(read.AsSpan(0, length), buffer, ref used, segmentOffsets, segmentLengths, out segments))
                    {
                        continue;
                    }
                }

                for (int i = 0; i < segments; i++)
                {
                    int slot = segmentOffsets[i] - Headroom;
                    var slotSpan = buffer.AsSpan(slot, Headroom + segmentLengths[i] + Tailroom);
                    if (TryEncapsulateOutbound(slotSpan, Headroom, segmentLengths[i], out int start, out int written, out var peer))
                    {
                        starts[count] = slot + start;
                        lengths[count] = written;
                        innerLengths[count] = segmentLengths[i];
                        peers[count] = peer;
                        count++;
                    }
                }
            }

            if (_transport is { } transport)
            {
                SendBatch(transport, buffer, starts, lengths, innerLengths, peers, count);
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    if (_raw!.TrySendPacket(buffer.AsSpan(starts[i], lengths[i]), peers[i]!))
                    {
                        Counters.AddOutbound(innerLengths[i]);
                    }
                    else
                    {
                        Counters.AddDrop(DataPlaneDropReason.SendFailed);
                    }
                }
            }

            Array.Clear(peers, 0, count);
        }
    }

    // A read from an offloading device: virtio-net header, then a packet or super-segment, split into buffer (counted drop when refused).
    private bool ReadOffloaded(Span<byte> read, byte[] buffer, ref int used, int[] segmentOffsets, int[] segmentLengths, out int segments)
    {
        segments = 0;
        if (read.Length > VirtioNetHeader.Length + MaxIpPacket || !VirtioNetHeader.TryRead(read, out var header))
        {
            // Cut short by the buffer, or no header at all.
            Counters.AddDrop(DataPlaneDropReason.SegmentationRefused);
            return false;
        }

        var status = GsoSegmenter.Segment(read[VirtioNetHeader.Length..], header, buffer, ref used, Headroom, Tailroom, segmentOffsets, segmentLengths, out segments);
        if (status != GsoStatus.Ok)
        {
            Counters.AddDrop(DataPlaneDropReason.SegmentationRefused);
            return false;
        }

        if (header.GsoType != VirtioNetHeader.GsoNone)
        {
            Counters.AddSuperSegment();
        }

        return true;
    }

    private void SendBatch(UdpEspTransport transport, byte[] buffer, int[] starts, int[] lengths, int[] innerLengths, SocketAddress?[] peers, int count)
    {
        int first = 0;
        while (first < count)
        {
            // A run: same peer, every datagram as long as the first except possibly the last, at most 64 and 64 KB.
            int segment = lengths[first];
            int end = first + 1;
            int total = segment;
            while (end < count && end - first < MaxSegments && ReferenceEquals(peers[end], peers[first])
                   && lengths[end - 1] == segment && lengths[end] <= segment && total + lengths[end] <= MaxGsoBytes)
            {
                total += lengths[end];
                end++;
            }

            bool sent = end - first == 1
                ? transport.TrySendEsp(buffer.AsSpan(starts[first], segment), peers[first]!)
                : transport.TrySendEspSegmented(buffer, starts.AsSpan(first, end - first), lengths.AsSpan(first, end - first), segment, peers[first]!);
            for (int i = first; i < end; i++)
            {
                if (sent)
                {
                    Counters.AddOutbound(innerLengths[i]);
                }
                else
                {
                    Counters.AddDrop(DataPlaneDropReason.SendFailed);
                }
            }

            first = end;
        }
    }

    private void RunInbound()
    {
        if (_raw is not null)
        {
            RunInboundRaw(_raw);
            return;
        }

        byte[] buffer = GC.AllocateUninitializedArray<byte>(MaxIpPacket, pinned: true);
        var transport = _transport!;
        var family = transport.LocalEndPoint.AddressFamily;
        var from = new SocketAddress(family, SocketAddress.GetMaximumAddressSize(family));
        while (!_stopping)
        {
            // With TCP segments waiting to be joined: take what is queued, and write them out when nothing is.
            bool pending = _coalescer is { HasPending: true };
            if (!transport.TryReceive(buffer, pending ? 0 : PollMilliseconds, from, out int length, out int segmentSize))
            {
                FlushCoalesced();
                continue;
            }

            // UDP_GRO: several datagrams, each segmentSize long but the last.
            int step = segmentSize > 0 ? segmentSize : length;
            if (segmentSize > 0)
            {
                Counters.AddCoalescedReceive();
            }

            for (int offset = 0; offset < length; offset += step)
            {
                var datagram = buffer.AsSpan(offset, Math.Min(step, length - offset));
                if (transport.Demultiplexer.Dispatch(datagram, from) == UdpPayloadKind.Esp)
                {
                    ProcessInbound(datagram);
                }
            }
        }

        FlushCoalesced();
    }

    private void RunInboundRaw(RawIpsecTransport raw)
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(RawIpsecTransport.ReceiveHeadroom + MaxIpPacket + 8, pinned: true);
        var family = raw.LocalAddress.IsIpv6 ? System.Net.Sockets.AddressFamily.InterNetworkV6 : System.Net.Sockets.AddressFamily.InterNetwork;
        var from = new SocketAddress(family, SocketAddress.GetMaximumAddressSize(family));
        while (!_stopping)
        {
            bool pending = _coalescer is { HasPending: true };
            if (raw.TryReceivePacket(buffer, pending ? 0 : PollMilliseconds, from, out _))
            {
                // The whole buffer: the SA reads the packet's own length and may borrow the bytes behind it.
                ProcessInboundPacket(buffer);
            }
            else
            {
                FlushCoalesced();
            }
        }

        FlushCoalesced();
    }
}
