using DotSwan.Daemon.Configuration;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Daemon.Runtime;

/// <summary>An installed Child SA (negotiated or manual) as the daemon reports it. Loop thread only.</summary>
internal sealed record ChildSaRecord(
    string Name,
    ulong? IkeInitiatorSpi,
    uint InboundSpi,
    uint OutboundSpi,
    string Algorithms,
    string Mode,
    IReadOnlyList<TrafficSelector> LocalTrafficSelectors,
    IReadOnlyList<TrafficSelector> RemoteTrafficSelectors,
    DateTimeOffset InstalledAt,
    LifetimeConfig? Lifetime);
