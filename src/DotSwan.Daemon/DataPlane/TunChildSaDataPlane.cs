using DotSwan.Crypto;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ipsec;
using DotSwan.Ipsec.Backends.Tun;
using DotSwan.Ipsec.Driver;
using DotSwan.Ipsec.Sad;
using DotSwan.Ipsec.Transport;

namespace DotSwan.Daemon.DataPlane;

/// <summary>
/// Child SAs on the userspace TUN data plane (<see cref="TunDataPlane"/>): ESP in UDP on the daemon's NAT-T socket, inner
/// packets through a TUN device whose routes are the configured remote selectors. The SAs live in a
/// <see cref="SecurityAssociationDatabase"/> (inbound, by SPI) and in <see cref="ChildSaPolicyTable"/> (selectors).
/// </summary>
internal sealed class TunChildSaDataPlane : IDataPlane
{
    private readonly TunDevice _device;
    private readonly UdpEspTransport _transport;
    private readonly SecurityAssociationDatabase _sad = new();
    private readonly ChildSaPolicyTable _policy = new();
    private readonly TunDataPlane _plane;
    private readonly Dictionary<uint, SecurityAssociation> _outbound = [];
    private readonly Dictionary<uint, SecurityAssociation> _inbound = [];
    private readonly List<SecurityAssociation> _retired = [];

    public TunChildSaDataPlane(string tunName, int mtu, IEnumerable<string> routes, UdpEspTransport transport)
    {
        _transport = transport;
        // TSO/checksum offloads when the kernel grants them: 64 KB TCP super-segments split in userspace, joined on the way in.
        _device = TunDevice.Open(tunName, TunOffloads.All);
        try
        {
            _device.Configure(new TunInterfaceSettings { Mtu = mtu, Routes = [.. routes] });
        }
        catch
        {
            _device.Dispose();
            throw;
        }

        _plane = new TunDataPlane(_device, transport, _sad, _policy, _policy);
    }

    public string Description => $"tun {_device.Name} (ESP in UDP on {_transport.LocalEndPoint})";

    public void Start() => _plane.Start();

    public void Stop() => _plane.Stop(TimeSpan.FromSeconds(2));

    public bool TryInstall(ChildSaInstallation installation, out string? error)
    {
        if (!Create(installation.Inbound, out var inbound, out error))
        {
            return false;
        }

        if (!Create(installation.Outbound, out var outbound, out error))
        {
            inbound!.Dispose();
            return false;
        }

        if (!_sad.TryInstallInbound(inbound!))
        {
            inbound!.Dispose();
            outbound!.Dispose();
            error = $"inbound SPI 0x{installation.InboundSpi:x8} is already installed";
            return false;
        }

        _inbound[inbound!.Spi] = inbound;
        _outbound[outbound!.Spi] = outbound;
        var remote = installation.RemoteTrafficSelectors[0];
        var prefix = new IpPrefix(PacketAddress.FromIPAddress(remote.StartAddress), remote.PrefixLength ?? (remote.IsIpv6 ? 128 : 32));
        _policy.Add(inbound, new OutboundRoute(prefix, outbound, installation.Peer), installation.LocalTrafficSelectors, installation.RemoteTrafficSelectors);
        error = null;
        return true;
    }

    public void Remove(uint inboundSpi, uint outboundSpi)
    {
        _policy.Remove(inboundSpi, outboundSpi);
        if (_inbound.Remove(inboundSpi, out var inbound))
        {
            _sad.TryRemoveInbound(inbound.InboundKey, out _);
            _retired.Add(inbound);
        }

        // A data-plane thread may still hold the SA for a packet in flight: keys are cleared when the plane has stopped.
        if (_outbound.Remove(outboundSpi, out var outbound))
        {
            _retired.Add(outbound);
        }
    }

    public void UpdatePeer(uint outboundSpi, System.Net.IPEndPoint peer) => _policy.UpdatePeer(outboundSpi, peer);

    public IReadOnlyList<(uint Spi, SaDirection Direction, bool Hard)> CollectExpiries(DateTimeOffset now)
    {
        var expiries = new List<(uint, SaDirection, bool)>();
        foreach (var sa in _inbound.Values.Concat(_outbound.Values))
        {
            foreach (var expiry in sa.CheckLifetime(now))
            {
                expiries.Add((expiry.Spi, expiry.Direction, expiry.Kind == DotSwan.Ipsec.Lifetimes.SaExpiryKind.Hard));
            }
        }

        return expiries;
    }

    public ChildSaTraffic Traffic(uint inboundSpi, uint outboundSpi)
    {
        var inbound = _inbound.GetValueOrDefault(inboundSpi);
        var outbound = _outbound.GetValueOrDefault(outboundSpi);
        return new ChildSaTraffic(inbound?.Counters.Packets ?? 0, inbound?.Counters.Bytes ?? 0,
            outbound?.Counters.Packets ?? 0, outbound?.Counters.Bytes ?? 0, inbound?.Counters.TotalDrops ?? 0);
    }

    public void AddTrap(string name, IReadOnlyList<TrafficSelector> local, IReadOnlyList<TrafficSelector> remote) => _policy.AddTrap(name, local, remote);

    public IReadOnlyList<string> TakeTriggeredTraps() => _policy.TakeTriggered();

    public void RemoveTrap(string name) => _policy.RemoveTrap(name);

    public IReadOnlyDictionary<string, long> Statistics()
    {
        var counters = _plane.Counters;
        var stats = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["dataplane.out.packets"] = counters.OutboundPackets,
            ["dataplane.out.bytes"] = counters.OutboundBytes,
            ["dataplane.in.packets"] = counters.InboundPackets,
            ["dataplane.in.bytes"] = counters.InboundBytes,
            ["dataplane.sad.inbound"] = _sad.InboundCount,
        };
        foreach (var reason in Enum.GetValues<DataPlaneDropReason>())
        {
            stats[$"dataplane.drop.{reason}"] = counters.Drops(reason);
        }

        return stats;
    }

    public void Dispose()
    {
        _plane.Dispose();
        _device.Dispose();
        _sad.Dispose();
        foreach (var sa in _inbound.Values.Concat(_outbound.Values).Concat(_retired))
        {
            sa.Dispose();
        }
    }

    private static bool Create(SaInstallRequest request, out SecurityAssociation? sa, out string? error)
    {
        if (!SecurityAssociation.TryCreate(TransformRegistry.Default, request.Settings, request.EncryptionKey.ReadOnlySpan,
                request.IntegrityKey is null ? default : request.IntegrityKey.ReadOnlySpan, DateTimeOffset.UtcNow, out sa, out var reason))
        {
            error = $"{request.Settings.Direction} SA 0x{request.Settings.Spi:x8} refused: {reason}";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>The `ip route` prefixes for the remote selectors (ranges that are not prefixes are routed as their covering host addresses' prefix is unknown: skipped).</summary>
    public static IEnumerable<string> Routes(IEnumerable<TrafficSelector> remoteSelectors) =>
        remoteSelectors.Where(s => s.PrefixLength is not null)
            .Select(s => $"{s.StartAddress}/{s.PrefixLength}")
            .Distinct(StringComparer.Ordinal);
}
