using System.Net;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ipsec.Driver;

namespace DotSwan.Daemon.DataPlane;

/// <summary>
/// Both directions of one Child SA (negotiated or manual) for a data plane: the install requests (settings and keys; the
/// caller disposes the keys afterwards), the selectors and the peer's outer endpoint.
/// </summary>
/// <param name="Name">The connection or manual tunnel, for logs and status.</param>
/// <param name="Inbound">The SA we receive on.</param>
/// <param name="Outbound">The SA we send on.</param>
/// <param name="LocalTrafficSelectors">Our inner side.</param>
/// <param name="RemoteTrafficSelectors">The peer's inner side.</param>
/// <param name="Peer">The peer's outer address and UDP port for ESP in UDP.</param>
internal sealed record ChildSaInstallation(
    string Name,
    SaInstallRequest Inbound,
    SaInstallRequest Outbound,
    IReadOnlyList<TrafficSelector> LocalTrafficSelectors,
    IReadOnlyList<TrafficSelector> RemoteTrafficSelectors,
    IPEndPoint Peer)
{
    public uint InboundSpi => Inbound.Settings.Spi;

    public uint OutboundSpi => Outbound.Settings.Spi;
}
