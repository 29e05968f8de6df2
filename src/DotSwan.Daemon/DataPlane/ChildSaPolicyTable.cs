using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ipsec;
using DotSwan.Ipsec.Backends.Tun;

namespace DotSwan.Daemon.DataPlane;

/// <summary>
/// The TUN data plane's policy for every installed Child SA: outbound, the newest Child SA whose selectors hold the
/// packet's addresses; inbound, the packet must match the selectors of the SA that carried it (RFC 4301 §5.2). Packets that
/// match a trap but no SA mark the trap as triggered. Written by the engine loop, read by the data-plane threads: arrays
/// of immutable entries swapped whole (no locks, no allocation on the packet path).
/// </summary>
internal sealed class ChildSaPolicyTable : IOutboundPolicy, IInboundPolicy
{
    private volatile Entry[] _entries = [];
    private volatile Trap[] _traps = [];

    public void Add(SecurityAssociation inbound, OutboundRoute route, IReadOnlyList<TrafficSelector> local, IReadOnlyList<TrafficSelector> remote) =>
        _entries = [.. _entries, new Entry(inbound, route, [.. local.Select(SelectorRange.Of)], [.. remote.Select(SelectorRange.Of)])];

    public void Remove(uint inboundSpi, uint outboundSpi) =>
        _entries = [.. _entries.Where(e => e.Inbound.Spi != inboundSpi && e.Route.SecurityAssociation.Spi != outboundSpi)];

    public void UpdatePeer(uint outboundSpi, System.Net.IPEndPoint peer) =>
        _entries = [.. _entries.Select(e => e.Route.SecurityAssociation.Spi == outboundSpi
            ? e with { Route = new OutboundRoute(e.Route.Destination, e.Route.SecurityAssociation, peer) }
            : e)];

    public void AddTrap(string name, IReadOnlyList<TrafficSelector> local, IReadOnlyList<TrafficSelector> remote) =>
        _traps = [.. _traps, new Trap(name, [.. local.Select(SelectorRange.Of)], [.. remote.Select(SelectorRange.Of)])];

    public void RemoveTrap(string name) => _traps = [.. _traps.Where(t => t.Name != name)];

    public IReadOnlyList<string> TakeTriggered()
    {
        List<string>? names = null;
        foreach (var trap in _traps)
        {
            if (Interlocked.Exchange(ref trap.Triggered, 0) == 1)
            {
                (names ??= []).Add(trap.Name);
            }
        }

        return names ?? (IReadOnlyList<string>)[];
    }

    public bool TryFind(PacketAddress source, PacketAddress destination, out OutboundRoute? route)
    {
        var entries = _entries;
        for (int i = entries.Length - 1; i >= 0; i--)
        {
            var entry = entries[i];
            if (SelectorRange.AnyContains(entry.Remote, destination) && SelectorRange.AnyContains(entry.Local, source))
            {
                route = entry.Route;
                return true;
            }
        }

        foreach (var trap in _traps)
        {
            if (SelectorRange.AnyContains(trap.Remote, destination) && SelectorRange.AnyContains(trap.Local, source))
            {
                Volatile.Write(ref trap.Triggered, 1);
            }
        }

        route = null;
        return false;
    }

    public bool Allows(SecurityAssociation securityAssociation, PacketAddress source, PacketAddress destination)
    {
        foreach (var entry in _entries)
        {
            if (ReferenceEquals(entry.Inbound, securityAssociation))
            {
                return SelectorRange.AnyContains(entry.Remote, source) && SelectorRange.AnyContains(entry.Local, destination);
            }
        }

        return false;
    }

    private sealed record Entry(SecurityAssociation Inbound, OutboundRoute Route, SelectorRange[] Local, SelectorRange[] Remote);

    private sealed class Trap(string name, SelectorRange[] local, SelectorRange[] remote)
    {
        public int Triggered;

        public string Name { get; } = name;

        public SelectorRange[] Local { get; } = local;

        public SelectorRange[] Remote { get; } = remote;
    }
}
