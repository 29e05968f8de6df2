using System.Net;

namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>Where traffic to one remote prefix goes: through which outbound SA, to which peer on the NAT-T port.</summary>
public sealed class OutboundRoute
{
    /// <summary>Creates a route; the SA stays owned by the SAD (or the caller).</summary>
    public OutboundRoute(IpPrefix destination, SecurityAssociation securityAssociation, IPEndPoint peer)
    {
        ArgumentNullException.ThrowIfNull(securityAssociation);
        ArgumentNullException.ThrowIfNull(peer);
        if (securityAssociation.Direction != SaDirection.Outbound)
        {
            throw new ArgumentException("an outbound SA is needed", nameof(securityAssociation));
        }

        Destination = destination;
        SecurityAssociation = securityAssociation;
        Peer = peer;
        PeerAddress = peer.Serialize();
    }

    /// <summary>The remote prefix (the remote traffic selector, as a prefix).</summary>
    public IpPrefix Destination { get; }

    /// <summary>The outbound SA that protects the traffic.</summary>
    public SecurityAssociation SecurityAssociation { get; }

    /// <summary>The peer's outer address and NAT-T port.</summary>
    public IPEndPoint Peer { get; }

    /// <summary>The peer serialized once, for allocation-free sends.</summary>
    internal SocketAddress PeerAddress { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Destination} via SPI 0x{SecurityAssociation.Spi:x8} to {Peer}";
}
