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
/// One dedicated thread per direction, each with one preallocated buffer reused for every packet (encapsulation and
/// decapsulation work in place): no allocation per packet. Outbound SAs are only touched by the outbound thread and
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
    // Packets taken from the TUN queue per wake-up (UDP transport); UDP GSO takes at most 64 segments and 64 KB.
    private const int BatchSlots = 16;
    private const int MaxSegments = 64;
    private const int MaxGsoBytes = 65000;

    private readonly TunDevice _device;
    private readonly UdpEspTransport? _transport;
    private readonly RawIpsecTransport? _raw;
    private readonly SecurityAssociationDatabase _sad;
    private readonly IOutboundPolicy _policy;
    private readonly IInboundPolicy? _inboundPolicy;
    private readonly Thread _outbound;
    private readonly Thread _inbound;
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

        if (!_device.TryWrite(inner))
        {
            Counters.AddDrop(DataPlaneDropReason.TunWriteFailed);
            return;
        }

        Counters.AddInbound(result.PayloadLength);
    }

    private void RunOutbound()
    {
        if (_transport is not null && BatchSlots > 1)
        {
            RunOutboundBatched(_transport);
            return;
        }

        byte[] buffer = GC.AllocateUninitializedArray<byte>(Headroom + MaxIpPacket + Tailroom, pinned: true);
        while (!_stopping)
        {
            if (_device.TryRead(buffer.AsSpan(Headroom, MaxIpPacket), PollMilliseconds, out int length))
            {
                ProcessOutbound(buffer, Headroom, length);
            }
        }
    }

    // UDP: read what the TUN queue holds (up to BatchSlots packets) after each wake-up, encapsulate each in its own slot,
    // and hand runs of equal-sized datagrams to one peer to the kernel as one UDP GSO send (UDP_SEGMENT): one syscall and
    // one route lookup per run instead of per packet.
    private void RunOutboundBatched(UdpEspTransport transport)
    {
        const int slotLength = Headroom + MaxIpPacket + Tailroom;
        byte[] buffer = GC.AllocateUninitializedArray<byte>(BatchSlots * slotLength, pinned: true);
        var starts = new int[BatchSlots];
        var lengths = new int[BatchSlots];
        var innerLengths = new int[BatchSlots];
        var peers = new SocketAddress?[BatchSlots];
        while (!_stopping)
        {
            int count = 0;
            for (int slot = 0; slot < BatchSlots && !_stopping; slot++)
            {
                int offset = (slot * slotLength) + Headroom;
                // Wait only for the first packet of a batch; then take what is queued.
                if (!_device.TryRead(buffer.AsSpan(offset, MaxIpPacket), slot == 0 ? PollMilliseconds : 0, out int length))
                {
                    break;
                }

                var slotSpan = buffer.AsSpan(slot * slotLength, slotLength);
                if (TryEncapsulateOutbound(slotSpan, Headroom, length, out int start, out int written, out var peer))
                {
                    starts[count] = (slot * slotLength) + start;
                    lengths[count] = written;
                    innerLengths[count] = length;
                    peers[count] = peer;
                    count++;
                }
            }

            SendBatch(transport, buffer, starts, lengths, innerLengths, peers, count);
            Array.Clear(peers, 0, count);
        }
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
        var family = _transport!.LocalEndPoint.AddressFamily;
        var from = new SocketAddress(family, SocketAddress.GetMaximumAddressSize(family));
        while (!_stopping)
        {
            if (_transport.TryReceiveEsp(buffer, PollMilliseconds, from, out int length))
            {
                ProcessInbound(buffer.AsSpan(0, length));
            }
        }
    }

    private void RunInboundRaw(RawIpsecTransport raw)
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(RawIpsecTransport.ReceiveHeadroom + MaxIpPacket + 8, pinned: true);
        var family = raw.LocalAddress.IsIpv6 ? System.Net.Sockets.AddressFamily.InterNetworkV6 : System.Net.Sockets.AddressFamily.InterNetwork;
        var from = new SocketAddress(family, SocketAddress.GetMaximumAddressSize(family));
        while (!_stopping)
        {
            if (raw.TryReceivePacket(buffer, PollMilliseconds, from, out _))
            {
                // The whole buffer: the SA reads the packet's own length and may borrow the bytes behind it.
                ProcessInboundPacket(buffer);
            }
        }
    }
}
