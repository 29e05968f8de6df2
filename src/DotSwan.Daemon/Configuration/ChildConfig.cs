using DotSwan.Ike.Engine;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Daemon.Configuration;

/// <summary>One Child SA of a connection (<c>connections.NAME.children.CHILD</c>).</summary>
/// <param name="Name">The child's name.</param>
/// <param name="LocalTrafficSelectors">Our side of the policy.</param>
/// <param name="RemoteTrafficSelectors">The peer's side.</param>
/// <param name="EspProposals">ESP proposals (a key exchange in them asks for PFS on rekeys).</param>
/// <param name="Mode">Tunnel or transport.</param>
/// <param name="Lifetime">Soft and hard lifetimes.</param>
/// <param name="StartAction">What to do at startup.</param>
/// <param name="CloseAction">What to do when the peer closes the SA.</param>
public sealed record ChildConfig(
    string Name,
    IReadOnlyList<TrafficSelectorSpec> LocalTrafficSelectors,
    IReadOnlyList<TrafficSelectorSpec> RemoteTrafficSelectors,
    IReadOnlyList<CryptoSuite> EspProposals,
    ChildSaMode Mode,
    LifetimeConfig Lifetime,
    ConnectionAction StartAction,
    ConnectionAction CloseAction)
{
    /// <summary>AH proposals (<c>ah_proposals</c>, version 1 only); when set the child negotiates AH instead of ESP. Empty by default.</summary>
    public IReadOnlyList<CryptoSuite> AhProposals { get; init; } = [];
}
