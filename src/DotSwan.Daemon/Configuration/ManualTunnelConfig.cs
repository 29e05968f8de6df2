using System.Net;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ipsec.Manual;

namespace DotSwan.Daemon.Configuration;

/// <summary>A manually keyed tunnel (<c>manual.NAME</c>): an inbound and an outbound ESP SA with static keys and their selectors.</summary>
/// <param name="Name">The tunnel's name.</param>
/// <param name="LocalAddress">Our outer address.</param>
/// <param name="RemoteAddress">The peer's outer address.</param>
/// <param name="LocalTrafficSelectors">Our inner side.</param>
/// <param name="RemoteTrafficSelectors">The peer's inner side.</param>
/// <param name="Inbound">The inbound SA (validated by <see cref="ManualKeying"/>).</param>
/// <param name="Outbound">The outbound SA.</param>
public sealed record ManualTunnelConfig(
    string Name,
    IPAddress LocalAddress,
    IPAddress RemoteAddress,
    IReadOnlyList<TrafficSelector> LocalTrafficSelectors,
    IReadOnlyList<TrafficSelector> RemoteTrafficSelectors,
    ManualSa Inbound,
    ManualSa Outbound)
{
    /// <summary>Never prints keys.</summary>
    public override string ToString() => $"manual {Name}: {LocalAddress} <-> {RemoteAddress}";
}
