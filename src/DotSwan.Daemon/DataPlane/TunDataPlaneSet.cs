using System.Globalization;
using System.Net;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ipsec;

namespace DotSwan.Daemon.DataPlane;

/// <summary>
/// The TUN data plane of a daemon that listens on several addresses (IPv4 and IPv6): one <see cref="TunChildSaDataPlane"/>
/// per listen address, each with its own TUN device (the configured name, then the same name numbered on) routing the
/// remote selectors of the connections on that address, and ESP in UDP on that address's NAT-T socket. A Child SA goes
/// to the plane of its local (inbound destination) address.
/// </summary>
internal sealed class TunDataPlaneSet : IDataPlane
{
    private readonly List<(IPAddress Address, TunChildSaDataPlane Plane)> _planes;

    /// <summary>Takes ownership of <paramref name="planes"/> (address of each plane's socket, the plane).</summary>
    public TunDataPlaneSet(List<(IPAddress Address, TunChildSaDataPlane Plane)> planes)
    {
        ArgumentOutOfRangeException.ThrowIfZero(planes.Count);
        _planes = planes;
    }

    public string Description => string.Join("; ", _planes.Select(p => p.Plane.Description));

    /// <summary>
    /// The TUN device name of plane <paramref name="index"/>: <paramref name="name"/> itself for the first, then with its
    /// trailing number counted on (dotswan0, dotswan1 …) or a number appended.
    /// </summary>
    public static string DeviceName(string name, int index)
    {
        if (index == 0)
        {
            return name;
        }

        int digits = name.Length - name.TrimEnd("0123456789".ToCharArray()).Length;
        int start = digits > 0 ? int.Parse(name.AsSpan(name.Length - digits), CultureInfo.InvariantCulture) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{name[..^digits]}{start + index}");
    }

    public void Start()
    {
        foreach (var (_, plane) in _planes)
        {
            plane.Start();
        }
    }

    public void Stop()
    {
        foreach (var (_, plane) in _planes)
        {
            plane.Stop();
        }
    }

    public bool TryInstall(ChildSaInstallation installation, out string? error) =>
        PlaneFor(installation.Inbound.Settings.Destination).TryInstall(installation, out error);

    public void Remove(uint inboundSpi, uint outboundSpi)
    {
        // Unknown SPIs are ignored by each plane.
        foreach (var (_, plane) in _planes)
        {
            plane.Remove(inboundSpi, outboundSpi);
        }
    }

    public void UpdatePeer(uint outboundSpi, IPEndPoint peer)
    {
        foreach (var (_, plane) in _planes)
        {
            plane.UpdatePeer(outboundSpi, peer);
        }
    }

    public IReadOnlyList<(uint Spi, SaDirection Direction, bool Hard)> CollectExpiries(DateTimeOffset now) =>
        [.. _planes.SelectMany(p => p.Plane.CollectExpiries(now))];

    public ChildSaTraffic Traffic(uint inboundSpi, uint outboundSpi)
    {
        var sum = new ChildSaTraffic(0, 0, 0, 0, 0);
        foreach (var (_, plane) in _planes)
        {
            var t = plane.Traffic(inboundSpi, outboundSpi);
            sum = new ChildSaTraffic(sum.InboundPackets + t.InboundPackets, sum.InboundBytes + t.InboundBytes,
                sum.OutboundPackets + t.OutboundPackets, sum.OutboundBytes + t.OutboundBytes, sum.Drops + t.Drops);
        }

        return sum;
    }

    public void AddTrap(string name, IReadOnlyList<TrafficSelector> local, IReadOnlyList<TrafficSelector> remote)
    {
        // The kernel routes the trapped traffic into one of the devices; each plane watches for it.
        foreach (var (_, plane) in _planes)
        {
            plane.AddTrap(name, local, remote);
        }
    }

    public void RemoveTrap(string name)
    {
        foreach (var (_, plane) in _planes)
        {
            plane.RemoveTrap(name);
        }
    }

    public IReadOnlyList<string> TakeTriggeredTraps() => [.. _planes.SelectMany(p => p.Plane.TakeTriggeredTraps()).Distinct(StringComparer.Ordinal)];

    public IReadOnlyDictionary<string, long> Statistics()
    {
        // The totals under the single plane's names, and each plane's own under dataplane.ADDRESS.
        var stats = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (address, plane) in _planes)
        {
            foreach (var (name, value) in plane.Statistics())
            {
                stats[name] = stats.GetValueOrDefault(name) + value;
                stats[$"dataplane.{address}.{name["dataplane.".Length..]}"] = value;
            }
        }

        return stats;
    }

    public void Dispose()
    {
        foreach (var (_, plane) in _planes)
        {
            plane.Dispose();
        }
    }

    private TunChildSaDataPlane PlaneFor(IPAddress local) =>
        _planes.FirstOrDefault(p => p.Address.Equals(local)).Plane
        ?? _planes.FirstOrDefault(p => p.Address.AddressFamily == local.AddressFamily).Plane
        ?? _planes[0].Plane;
}
