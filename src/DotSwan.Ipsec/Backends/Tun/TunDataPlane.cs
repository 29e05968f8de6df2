using System.Net;
using DotSwan.Ipsec.Encapsulation;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.Sad;
using DotSwan.Ipsec.Transport;

namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>
/// The userspace ESP data plane over a TUN device and a NAT-T UDP socket (what strongSwan's kernel-libipsec does):
/// packets the kernel routes into the TUN device are matched against the <see cref="IOutboundPolicy"/>, encapsulated by
/// the route's outbound SA and sent in UDP to the peer; ESP received on the socket is looked up in the SAD by SPI,
/// decapsulated, checked against the <see cref="IInboundPolicy"/> and the inner packet written back to the TUN device.
/// <para>
/// One dedicated thread per direction, each with one preallocated buffer reused for every packet (encapsulation and
/// decapsulation work in place): no allocation per packet. Outbound SAs are only touched by the outbound thread and
/// inbound SAs by the inbound thread, as <see cref="SecurityAssociation"/> requires. The caller owns the device, the
/// transport and the SAD and disposes them after this plane.
/// </para>
/// </summary>
public sealed class TunDataPlane : IDisposable
{
    // Room in front of an inner packet for SPI, sequence number and the longest IV (16), so ESP is built in place.
    private const int Headroom = 64;
    // Room behind it for padding, pad length, next header and the longest ICV.
    private const int Tailroom = 128;
    private const int MaxIpPacket = 65535;
    private const int PollMilliseconds = 100;

    private readonly TunDevice _device;
    private readonly UdpEspTransport _transport;
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
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(sad);
        ArgumentNullException.ThrowIfNull(policy);
        _device = device;
        _transport = transport;
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
    public override string ToString() => $"{_device} ↔ {_transport.LocalEndPoint}: {Counters}";

    /// <summary>
    /// Encapsulates the inner packet at <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="length"/>] in place
    /// and sends it. <paramref name="offset"/> must leave room for the SA's <see cref="SecurityAssociation.PayloadOffset"/>
    /// in front and the buffer room for <see cref="SecurityAssociation.MaxOverhead"/> behind.
    /// </summary>
    internal void ProcessOutbound(Span<byte> buffer, int offset, int length)
    {
        var packet = buffer.Slice(offset, length);
        if (!IpPacketInfo.TryParse(packet, out var info))
        {
            Counters.AddDrop(DataPlaneDropReason.NotIp);
            return;
        }

        if (!_policy.TryFind(info.Source, info.Destination, out var route))
        {
            Counters.AddDrop(DataPlaneDropReason.NoPolicy);
            return;
        }

        var sa = route!.SecurityAssociation;
        byte nextHeader = info.IsIpv6 ? EspPacket.NextHeaderIpv6 : EspPacket.NextHeaderIpv4;
        if (sa.PayloadOffset > offset || buffer.Length - offset - length < sa.MaxOverhead)
        {
            // No room to build ESP in place (a transform with a longer IV than the headroom allows).
            Counters.AddDrop(DataPlaneDropReason.EncapsulationRefused);
            return;
        }

        var destination = buffer[(offset - sa.PayloadOffset)..];
        if (sa.TryEncapsulate(packet, nextHeader, destination, out int written) != EspStatus.Ok)
        {
            Counters.AddDrop(DataPlaneDropReason.EncapsulationRefused);
            return;
        }

        if (!_transport.TrySendEsp(destination[..written], route.PeerAddress))
        {
            Counters.AddDrop(DataPlaneDropReason.SendFailed);
            return;
        }

        Counters.AddOutbound(length);
    }

    /// <summary>Decapsulates the ESP packet in <paramref name="espPacket"/> in place and writes the inner packet to the TUN device.</summary>
    internal void ProcessInbound(Span<byte> espPacket)
    {
        var status = _sad.TryDecapsulate(_transport.LocalAddress, espPacket, out var result, out var sa);
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
        byte[] buffer = GC.AllocateUninitializedArray<byte>(Headroom + MaxIpPacket + Tailroom, pinned: true);
        while (!_stopping)
        {
            if (_device.TryRead(buffer.AsSpan(Headroom, MaxIpPacket), PollMilliseconds, out int length))
            {
                ProcessOutbound(buffer, Headroom, length);
            }
        }
    }

    private void RunInbound()
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(MaxIpPacket, pinned: true);
        var family = _transport.LocalEndPoint.AddressFamily;
        var from = new SocketAddress(family, SocketAddress.GetMaximumAddressSize(family));
        while (!_stopping)
        {
            if (_transport.TryReceiveEsp(buffer, PollMilliseconds, from, out int length))
            {
                ProcessInbound(buffer.AsSpan(0, length));
            }
        }
    }
}
