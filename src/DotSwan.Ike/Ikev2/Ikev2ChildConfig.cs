using DotSwan.Ike.Engine;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// One configured Child SA of a connection (strongSwan's <c>children.NAME</c>): its selectors, ESP proposals, mode and
/// lifetimes. A connection's first child is negotiated in IKE_AUTH; the others with CREATE_CHILD_SA over the same IKE SA
/// (<see cref="Ikev2Engine.CreateChildSa(IkeSaId, Ikev2ChildConfig, DateTimeOffset)"/>). As responder the engine answers a
/// request with the first child whose selectors and proposals fit it.
/// </summary>
/// <param name="Name">The child's name, carried by <see cref="InstallChildSa.Child"/> and <see cref="ChildSaEstablished.Child"/>.</param>
/// <param name="EspProposals">ESP proposals (key exchange transforms ask for PFS in CREATE_CHILD_SA).</param>
/// <param name="LocalTrafficSelectors">Our side of the policy.</param>
/// <param name="RemoteTrafficSelectors">The peer's side.</param>
/// <param name="Mode">Tunnel or transport.</param>
/// <param name="Lifetimes">Its rekey and expiry times (only the Child SA ones are used), or null for the connection's.</param>
public sealed record Ikev2ChildConfig(
    string Name,
    IReadOnlyList<CryptoSuite> EspProposals,
    IReadOnlyList<TrafficSelector> LocalTrafficSelectors,
    IReadOnlyList<TrafficSelector> RemoteTrafficSelectors,
    ChildSaMode Mode = ChildSaMode.Tunnel,
    Ikev2Lifetimes? Lifetimes = null)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: {string.Join(' ', LocalTrafficSelectors)} === {string.Join(' ', RemoteTrafficSelectors)}";
}
