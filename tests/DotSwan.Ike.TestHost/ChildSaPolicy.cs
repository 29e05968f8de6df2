using DotSwan.Ipsec;
using DotSwan.Ipsec.Backends.Tun;

namespace DotSwan.Ike.TestHost;

/// <summary>
/// The data plane's policy for the connection's Child SA: empty until one is installed, then packets to the remote subnet
/// go out on the newest one, and packets from that subnet are accepted on any installed inbound SA (the old one stays
/// valid during a rekey until it is deleted). Written by the IKE thread, read by the data-plane threads: volatile
/// references to immutable values, swapped whole.
/// </summary>
internal sealed class ChildSaPolicy(IpPrefix remoteSubnet) : IOutboundPolicy, IInboundPolicy
{
    private volatile OutboundRoute? _route;
    private volatile SecurityAssociation[] _inbound = [];

    public void Install(OutboundRoute route, SecurityAssociation inbound)
    {
        _inbound = [.. _inbound, inbound];
        _route = route;
    }

    /// <summary>The peer's endpoint moved (its NAT mapping changed): the same outbound SA now goes to <paramref name="peer"/>.</summary>
    public void MoveTo(System.Net.IPEndPoint peer)
    {
        if (_route is { } route)
        {
            _route = new OutboundRoute(remoteSubnet, route.SecurityAssociation, peer);
        }
    }

    /// <summary>Sends on <paramref name="route"/> from now on (its inbound SA is already allowed).</summary>
    public void Route(OutboundRoute route) => _route = route;

    public void Remove(uint inboundSpi, uint outboundSpi)
    {
        _inbound = [.. _inbound.Where(sa => sa.Spi != inboundSpi)];
        if (_route is { } route && route.SecurityAssociation.Spi == outboundSpi)
        {
            _route = null;
        }
    }

    public bool TryFind(PacketAddress source, PacketAddress destination, out OutboundRoute? route)
    {
        var current = _route;
        route = current is not null && remoteSubnet.Contains(destination) ? current : null;
        return route is not null;
    }

    public bool Allows(SecurityAssociation securityAssociation, PacketAddress source, PacketAddress destination)
        => Array.IndexOf(_inbound, securityAssociation) >= 0 && remoteSubnet.Contains(source);
}
