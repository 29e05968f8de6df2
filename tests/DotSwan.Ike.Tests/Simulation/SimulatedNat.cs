using System.Net;

namespace DotSwan.Ike.Tests.Simulation;

/// <summary>
/// A NAPT hop in front of one inside address: outgoing datagrams get the public address and a mapped port (one per
/// inside endpoint, created on first use), incoming datagrams to a mapped port go back to the inside endpoint, anything
/// else is dropped. Mappings expire after <see cref="IdleTimeout"/> without outgoing traffic; <see cref="Rebind"/>
/// forgets them all (a NAT reboot or a mapping change) so the next outgoing datagram gets a new port. Static
/// forwards model a responder behind a NAT with port forwarding.
/// </summary>
internal sealed class SimulatedNat(IPAddress insideAddress, IPAddress publicAddress, TimeSpan idleTimeout)
{
    private readonly Dictionary<IPEndPoint, (int Port, DateTimeOffset LastOut)> _byInside = [];
    private readonly Dictionary<int, IPEndPoint> _byPort = [];
    private readonly Dictionary<int, IPEndPoint> _forwards = [];
    private int _nextPort = 40000;

    public IPAddress InsideAddress { get; } = insideAddress;

    public IPAddress PublicAddress { get; } = publicAddress;

    public TimeSpan IdleTimeout { get; } = idleTimeout;

    public int Translations { get; private set; }

    public int Dropped { get; private set; }

    /// <summary>Forwards datagrams to public <paramref name="port"/> to the same port of the inside address, and maps that inside port to itself.</summary>
    public void Forward(int port) => _forwards[port] = new IPEndPoint(InsideAddress, port);

    /// <summary>Forgets every dynamic mapping; new ones get fresh ports.</summary>
    public void Rebind()
    {
        _byInside.Clear();
        _byPort.Clear();
        _nextPort += 1000;
    }

    /// <summary>The public source endpoint an outgoing datagram from <paramref name="inside"/> gets.</summary>
    public IPEndPoint Outbound(IPEndPoint inside, DateTimeOffset now)
    {
        Translations++;
        if (_forwards.TryGetValue(inside.Port, out var forward) && forward.Equals(inside)) { return new IPEndPoint(PublicAddress, inside.Port); }
        if (!_byInside.TryGetValue(inside, out var mapping) || now - mapping.LastOut >= IdleTimeout)
        {
            if (_byInside.TryGetValue(inside, out var stale)) { _byPort.Remove(stale.Port); }
            mapping = (_nextPort++, now);
            _byPort[mapping.Port] = inside;
        }
        _byInside[inside] = (mapping.Port, now);
        return new IPEndPoint(PublicAddress, mapping.Port);
    }

    /// <summary>Where a datagram to public <paramref name="port"/> goes inside, or null when no live mapping exists (dropped).</summary>
    public IPEndPoint? Inbound(int port, DateTimeOffset now)
    {
        if (_forwards.TryGetValue(port, out var forward)) { return forward; }
        if (_byPort.TryGetValue(port, out var inside) && now - _byInside[inside].LastOut < IdleTimeout) { return inside; }
        Dropped++;
        return null;
    }
}
