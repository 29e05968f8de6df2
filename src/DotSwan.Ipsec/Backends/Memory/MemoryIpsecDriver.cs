using System.Threading.Channels;
using DotSwan.Ipsec.Driver;
using DotSwan.Ipsec.Encapsulation;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.Sad;
using DotSwan.Ipsec.Spd;

namespace DotSwan.Ipsec.Backends.Memory;

/// <summary>
/// An <see cref="IIpsecDriver"/> that processes packets in process: for tests, the IKE engine simulation and the demo.
/// <see cref="ProcessOutbound"/> takes an inner IP packet (as read from a TUN device) and gives the outer ESP packet;
/// <see cref="ProcessInbound"/> takes an outer IP packet (plain or UDP-encapsulated ESP) and gives the inner packet,
/// decrypted in place, after checking it against the policy its SA was installed for.
/// <para>
/// Deterministic: all time comes from the injected <see cref="TimeProvider"/> (a virtual clock in tests), and lifetimes and
/// acquire queues advance only in <see cref="Tick"/>. Not thread-safe: one thread drives an instance (the SPD lookups
/// themselves are lock-free). Disposing deletes every SA and zeroes the keys.
/// </para>
/// </summary>
public sealed class MemoryIpsecDriver : IIpsecDriver, IDisposable
{
    private static readonly int DropReasonCount = Enum.GetValues<DropReason>().Length;

    private readonly TimeProvider _time;
    private readonly MemoryIpsecDriverOptions _options;
    private readonly SecurityPolicyDatabase _spd = new();
    private readonly Dictionary<InboundSaKey, InstalledSa> _inbound = [];
    private readonly Dictionary<SaId, InstalledSa> _outbound = [];
    private readonly Dictionary<uint, InstalledSa> _activeOutbound = [];
    private readonly Dictionary<uint, AcquireState> _acquires = [];
    private readonly Queue<byte[]> _released = new();
    private readonly Channel<IpsecEvent> _events = Channel.CreateUnbounded<IpsecEvent>();
    private readonly long[] _drops = new long[DropReasonCount];

    /// <summary>Creates a driver on <paramref name="timeProvider"/> (the system clock when null).</summary>
    public MemoryIpsecDriver(TimeProvider? timeProvider = null, MemoryIpsecDriverOptions? options = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _options = options ?? new MemoryIpsecDriverOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.QueueLimitPackets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.QueueLimitBytes);
    }

    /// <inheritdoc />
    public ChannelReader<IpsecEvent> Events => _events.Reader;

    /// <summary>The policies.</summary>
    public SecurityPolicyDatabase Policies => _spd;

    /// <summary>How many SAs are installed (both directions, including old SAs kept during a rekey).</summary>
    public int SaCount => _inbound.Count + _outbound.Count;

    /// <summary>Packets held for pending acquires, all policies together.</summary>
    public int QueuedPackets => _acquires.Values.Sum(a => a.Packets.Count);

    /// <summary>Packets dropped for <paramref name="reason"/>.</summary>
    public long Drops(DropReason reason) => (int)reason is > 0 and var i && i < _drops.Length ? _drops[i] : 0;

    /// <inheritdoc />
    public DriverResult InstallSa(SaInstallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Id;
        if (Find(id) is not null)
        {
            return new DriverResult(DriverStatus.AlreadyExists, $"{id} is installed");
        }

        if (!TryCreate(request, out var installed, out var error))
        {
            return error;
        }

        if (id.Direction == SaDirection.Inbound)
        {
            _inbound.Add(installed!.SecurityAssociation.InboundKey, installed);
            return DriverResult.Ok;
        }

        _outbound.Add(id, installed!);
        _activeOutbound[request.ReqId] = installed!;
        ReleaseQueued(installed!);
        return DriverResult.Ok;
    }

    /// <inheritdoc />
    public DriverResult UpdateSa(SaId existing, SaInstallRequest replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        var old = Find(existing);
        if (old is null)
        {
            return new DriverResult(DriverStatus.NotFound, $"{existing} is not installed");
        }

        if (replacement.Settings.Direction != existing.Direction || replacement.Settings.Spi != existing.Spi)
        {
            return new DriverResult(DriverStatus.Invalid, "an update keeps the direction and the SPI");
        }

        if (replacement.Id != existing && Find(replacement.Id) is not null)
        {
            return new DriverResult(DriverStatus.AlreadyExists, $"{replacement.Id} is installed");
        }

        if (!TryCreate(replacement, out var installed, out var error))
        {
            return error;
        }

        if (existing.Direction == SaDirection.Outbound)
        {
            installed!.SecurityAssociation.SetNextSequenceNumber(old.SecurityAssociation.NextSequenceNumber);
        }

        Remove(old);
        if (existing.Direction == SaDirection.Inbound)
        {
            _inbound.Add(installed!.SecurityAssociation.InboundKey, installed);
        }
        else
        {
            _outbound.Add(installed!.Id, installed);
            _activeOutbound[installed.ReqId] = installed;
        }

        return DriverResult.Ok;
    }

    /// <inheritdoc />
    public DriverResult DeleteSa(SaId sa)
    {
        var installed = Find(sa);
        if (installed is null)
        {
            return new DriverResult(DriverStatus.NotFound, $"{sa} is not installed");
        }

        Remove(installed);
        return DriverResult.Ok;
    }

    /// <inheritdoc />
    public DriverResult InstallPolicy(SecurityPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _spd.Install(policy);
        return DriverResult.Ok;
    }

    /// <inheritdoc />
    public DriverResult DeletePolicy(uint policyId)
    {
        if (!_spd.Remove(policyId, out _))
        {
            return new DriverResult(DriverStatus.NotFound, $"policy {policyId} is not installed");
        }

        if (_acquires.Remove(policyId, out var state))
        {
            _drops[(int)DropReason.AcquireExpired] += state.Packets.Count;
        }

        return DriverResult.Ok;
    }

    /// <inheritdoc />
    public bool TryQueryCounters(SaId sa, out SaCounterSnapshot counters)
    {
        var installed = Find(sa);
        if (installed is null)
        {
            counters = default;
            return false;
        }

        var c = installed.SecurityAssociation.Counters;
        counters = new SaCounterSnapshot(c.Packets, c.Bytes, c.TotalDrops);
        return true;
    }

    /// <summary>
    /// Processes an outbound inner IP packet: SPD lookup, then Bypass (send as is), Discard, or Protect — encapsulation with
    /// the policy's current outbound SA into <paramref name="destination"/> (outer IP header, UDP with NAT-T, ESP), or, without
    /// an SA, an acquire (rate-limited per policy) and a copy of the packet held until the SA comes.
    /// </summary>
    public OutboundResult ProcessOutbound(ReadOnlySpan<byte> innerPacket, Span<byte> destination)
    {
        if (!PacketSelector.TryParse(innerPacket, out var selector))
        {
            return Drop(DropReason.Malformed);
        }

        var action = _spd.TryLookup(PolicyDirection.Out, selector, out var policy) ? policy!.Action : _options.DefaultAction;
        switch (action)
        {
            case PolicyAction.Bypass:
                return new OutboundResult(OutboundAction.Bypass);
            case PolicyAction.Discard:
                return Drop(DropReason.PolicyDiscard);
            default:
                break;
        }

        if (policy is null || !_activeOutbound.TryGetValue(policy.Template!.ReqId, out var sa))
        {
            // A Protect default with no policy cannot name an SA: treat it as a discard.
            return policy is null ? Drop(DropReason.PolicyDiscard) : Queue(policy, selector, innerPacket);
        }

        return Encapsulate(sa, innerPacket, destination);
    }

    /// <summary>
    /// Processes an inbound outer IP packet in place: ESP (plain or in UDP) or AH goes to its SA by SPI, destination and
    /// protocol, is verified (and decrypted), and the inner packet must match the In policy of the SA's request id; clear-text packets pass unless a
    /// Protect or Discard policy covers them; IKE and keepalives on the NAT-T port are reported as control traffic.
    /// </summary>
    public InboundResult ProcessInbound(Span<byte> packet)
    {
        var kind = OuterHeader.TryRead(packet, out var outer);
        switch (kind)
        {
            case OuterPacketKind.Esp or OuterPacketKind.UdpEsp or OuterPacketKind.Ah:
                break;
            case OuterPacketKind.UdpIke or OuterPacketKind.NatKeepalive:
                return new InboundResult(InboundAction.Control, outer.PayloadRange);
            case OuterPacketKind.NotIpsec:
                return ClearInbound(packet);
            default:
                return DropInbound(DropReason.Malformed);
        }

        bool ah = kind == OuterPacketKind.Ah;
        uint spi;
        bool headerRead = ah
            ? Ah.AhPacket.TryReadHeader(packet[outer.PayloadRange], out _, out _, out spi, out _)
            : EspPacket.TryReadHeader(packet[outer.PayloadRange], out spi, out _);
        if (!headerRead
            || !_inbound.TryGetValue(new InboundSaKey(spi, outer.Destination, ah ? IpsecProtocol.Ah : IpsecProtocol.Esp), out var installed))
        {
            return DropInbound(DropReason.UnknownSpi);
        }

        // The whole packet: AH's ICV covers the IP header; for ESP the SA finds the ESP part itself.
        var sa = installed.SecurityAssociation;
        if (sa.TryDecapsulatePacket(packet, out var result) != EspStatus.Ok)
        {
            return DropInbound(DropReason.SaRefused);
        }

        if (result.IsDummy)
        {
            return DropInbound(DropReason.DummyPacket);
        }

        int start = result.PayloadOffset;
        int length = result.PayloadLength;
        if (sa.Settings.Mode == IpsecMode.Transport)
        {
            // Rebuild the IP header in front of the transport payload: the ESP header and IV left at least that much room.
            int headerLength = outer.Source.IsIpv6
                ? OuterHeader.WriteIpv6Header(packet[(start - IpPacketInfo.Ipv6HeaderLength)..], outer.Source, outer.Destination, result.NextHeader, length)
                : OuterHeader.WriteIpv4Header(packet[(start - IpPacketInfo.Ipv4HeaderLength)..], outer.Source, outer.Destination, result.NextHeader, length);
            start -= headerLength;
            length += headerLength;
        }

        var inner = new Range(start, start + length);
        if (!PacketSelector.TryParse(packet[inner], out var selector))
        {
            return DropInbound(DropReason.Malformed);
        }

        if (!_spd.TryLookup(PolicyDirection.In, selector, out var policy)
            || policy!.Action != PolicyAction.Protect || policy.Template!.ReqId != installed.ReqId)
        {
            return DropInbound(DropReason.PolicyMismatch);
        }

        return new InboundResult(InboundAction.Delivered, inner);
    }

    /// <summary>Takes the next outer packet that an SA installation released from an acquire queue; false when there is none.</summary>
    public bool TryTakeReleased(out byte[] packet) => _released.TryDequeue(out packet!);

    /// <summary>
    /// Advances lifetimes and acquire queues to the driver's clock: raises soft expiry events, raises hard expiry events and
    /// deletes those SAs, and drops held packets older than <see cref="MemoryIpsecDriverOptions.QueuedPacketLifetime"/>.
    /// </summary>
    public void Tick()
    {
        var now = _time.GetUtcNow();
        var expiries = new List<Lifetimes.SaExpiryEvent>();
        var all = _inbound.Values.Concat(_outbound.Values).ToList();
        foreach (var installed in all)
        {
            expiries.Clear();
            installed.SecurityAssociation.CollectExpiries(now, expiries);
            foreach (var expiry in expiries)
            {
                if (expiry.Kind == Lifetimes.SaExpiryKind.Soft)
                {
                    _events.Writer.TryWrite(new SoftExpireEvent(now, installed.Id, installed.ReqId, expiry.Trigger));
                }
                else
                {
                    Remove(installed);
                    _events.Writer.TryWrite(new HardExpireEvent(now, installed.Id, installed.ReqId, expiry.Trigger));
                }
            }
        }

        foreach (var state in _acquires.Values)
        {
            while (state.Packets.TryPeek(out var oldest) && now - oldest.At >= _options.QueuedPacketLifetime)
            {
                state.Dequeue();
                _drops[(int)DropReason.AcquireExpired]++;
            }
        }
    }

    /// <summary>Deletes every SA, zeroing the keys.</summary>
    public void Dispose()
    {
        foreach (var installed in _inbound.Values.Concat(_outbound.Values).ToList())
        {
            Remove(installed);
        }

        _events.Writer.TryComplete();
    }

    /// <summary>The SA behind an id, for tests that need to move its sequence counter.</summary>
    internal SecurityAssociation? FindSecurityAssociation(SaId id) => Find(id)?.SecurityAssociation;

    private InstalledSa? Find(SaId id)
    {
        if (id.Direction == SaDirection.Inbound)
        {
            // SaId carries no protocol: an ESP and an AH SA cannot share an SPI and destination in this driver.
            return _inbound.GetValueOrDefault(new InboundSaKey(id.Spi, id.Destination, IpsecProtocol.Esp))
                   ?? _inbound.GetValueOrDefault(new InboundSaKey(id.Spi, id.Destination, IpsecProtocol.Ah));
        }

        return _outbound.GetValueOrDefault(id);
    }

    private bool TryCreate(SaInstallRequest request, out InstalledSa? installed, out DriverResult error)
    {
        installed = null;
        var integrityKey = request.IntegrityKey is { } key ? key.ReadOnlySpan : [];
        if (!SecurityAssociation.TryCreate(_options.Registry, request.Settings, request.EncryptionKey.ReadOnlySpan, integrityKey, _time.GetUtcNow(),
                out var sa, out var cryptoError))
        {
            error = new DriverResult(DriverStatus.Invalid, cryptoError.ToString());
            return false;
        }

        installed = new InstalledSa(request.Id, request.ReqId, sa!);
        error = DriverResult.Ok;
        return true;
    }

    private void Remove(InstalledSa installed)
    {
        bool removed = installed.Id.Direction == SaDirection.Inbound
            ? _inbound.Remove(installed.SecurityAssociation.InboundKey)
            : _outbound.Remove(installed.Id);
        if (!removed)
        {
            return;
        }

        if (_activeOutbound.TryGetValue(installed.ReqId, out var active) && ReferenceEquals(active, installed))
        {
            _activeOutbound.Remove(installed.ReqId);
        }

        installed.SecurityAssociation.Dispose();
    }

    private OutboundResult Encapsulate(InstalledSa installed, ReadOnlySpan<byte> innerPacket, Span<byte> destination)
    {
        var sa = installed.SecurityAssociation;
        if (!IpPacketInfo.TryParse(innerPacket, out var ip))
        {
            return Drop(DropReason.Malformed);
        }

        bool tunnel = sa.Settings.Mode == IpsecMode.Tunnel;
        var payload = tunnel ? innerPacket[..ip.TotalLength] : innerPacket[ip.HeaderLength..ip.TotalLength];
        byte nextHeader = tunnel ? (ip.IsIpv6 ? EspPacket.NextHeaderIpv6 : EspPacket.NextHeaderIpv4) : ip.Protocol;
        var status = sa.TryEncapsulatePacket(payload, nextHeader, destination, out int written);
        switch (status)
        {
            case EspStatus.Ok:
                return new OutboundResult(OutboundAction.Protected, written);
            case EspStatus.DestinationTooSmall:
                return Drop(DropReason.DestinationTooSmall);
            case EspStatus.SequenceOverflow when !installed.OverflowReported:
                installed.OverflowReported = true;
                _events.Writer.TryWrite(new SequenceOverflowEvent(_time.GetUtcNow(), installed.Id, installed.ReqId));
                return Drop(DropReason.SaRefused);
            default:
                return Drop(DropReason.SaRefused);
        }
    }

    private OutboundResult Queue(SecurityPolicy policy, in PacketSelector selector, ReadOnlySpan<byte> innerPacket)
    {
        var now = _time.GetUtcNow();
        if (!_acquires.TryGetValue(policy.Id, out var state))
        {
            state = new AcquireState();
            _acquires.Add(policy.Id, state);
        }

        if (state.LastAcquire is not { } last || now - last >= _options.AcquireInterval)
        {
            state.LastAcquire = now;
            _events.Writer.TryWrite(new AcquireEvent(now, policy.Id, policy.Template!.ReqId, selector));
        }

        if (innerPacket.Length > _options.QueueLimitBytes)
        {
            return Drop(DropReason.AcquireQueueFull);
        }

        while (state.Packets.Count >= _options.QueueLimitPackets || state.Bytes + innerPacket.Length > _options.QueueLimitBytes)
        {
            state.Dequeue();
            _drops[(int)DropReason.AcquireQueueFull]++;
        }

        state.Packets.Enqueue(new QueuedPacket(innerPacket.ToArray(), now));
        state.Bytes += innerPacket.Length;
        return new OutboundResult(OutboundAction.Queued);
    }

    private void ReleaseQueued(InstalledSa installed)
    {
        // Nothing waits for an SA (the usual case): skip the scan of every outbound policy, which made each install O(n).
        if (_acquires.Count == 0)
        {
            return;
        }

        foreach (var policy in _spd.Policies(PolicyDirection.Out))
        {
            if (policy.Template?.ReqId != installed.ReqId || !_acquires.Remove(policy.Id, out var state))
            {
                continue;
            }

            while (state.Packets.Count > 0)
            {
                var held = state.Dequeue().Packet;
                var buffer = new byte[held.Length + installed.SecurityAssociation.OuterHeaderLength + installed.SecurityAssociation.MaxOverhead];
                var result = Encapsulate(installed, held, buffer);
                if (result.Action == OutboundAction.Protected)
                {
                    _released.Enqueue(buffer[..result.Written]);
                }
            }
        }
    }

    private OutboundResult Drop(DropReason reason)
    {
        _drops[(int)reason]++;
        return new OutboundResult(OutboundAction.Dropped, 0, reason);
    }

    private InboundResult DropInbound(DropReason reason)
    {
        _drops[(int)reason]++;
        return new InboundResult(InboundAction.Dropped, default, reason);
    }

    private InboundResult ClearInbound(Span<byte> packet)
    {
        if (!PacketSelector.TryParse(packet, out var selector))
        {
            return DropInbound(DropReason.Malformed);
        }

        var action = _spd.TryLookup(PolicyDirection.In, selector, out var policy) ? policy!.Action : _options.DefaultAction;
        return action switch
        {
            PolicyAction.Bypass => new InboundResult(InboundAction.Bypass, new Range(0, packet.Length)),
            PolicyAction.Discard => DropInbound(DropReason.PolicyDiscard),
            _ => DropInbound(DropReason.Unprotected),
        };
    }
}
