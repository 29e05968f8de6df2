using DotSwan.Ipsec;
using DotSwan.Ipsec.Backends.Tun;

namespace DotSwan.Ike.TestHost;

/// <summary>
/// The data plane's policy for the one Child SA the engine negotiates: empty until it is installed, then packets to the
/// remote subnet go out on it and only packets from that subnet are accepted on its inbound SA. Set by the IKE thread,
/// read by the data-plane threads (volatile references, swapped whole).
/// </summary>
internal sealed class ChildSaPolicy(IpPrefix remoteSubnet) : IOutboundPolicy, IInboundPolicy
{
    private volatile OutboundRoute? _route;
    private volatile SecurityAssociation? _inbound;

    public void Install(OutboundRoute route, SecurityAssociation inbound)
    {
        _inbound = inbound;
        _route = route;
    }

    public void Clear()
    {
        _route = null;
        _inbound = null;
    }

    public bool TryFind(PacketAddress source, PacketAddress destination, out OutboundRoute? route)
    {
        var current = _route;
        route = current is not null && remoteSubnet.Contains(destination) ? current : null;
        return route is not null;
    }

    public bool Allows(SecurityAssociation securityAssociation, PacketAddress source, PacketAddress destination)
        => ReferenceEquals(securityAssociation, _inbound) && remoteSubnet.Contains(source);
}
