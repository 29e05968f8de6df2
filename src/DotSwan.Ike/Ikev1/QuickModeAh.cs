using DotSwan.Ike.Proposals.Ikev1;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// Quick Mode with AH (RFC 2407 §4.4.3): a connection with AH proposals offers and accepts only AH, otherwise only ESP.
/// AH cannot be carried in UDP (RFC 3948 encapsulates ESP only), so behind a NAT an AH connection has nothing to offer.
/// </summary>
internal static class QuickModeAh
{
    /// <summary>Our Quick Mode transforms before the PFS and registry filters: AH when configured, else ESP.</summary>
    public static IReadOnlyList<Ikev1QuickModeTransform> Transforms(IsakmpSa sa, EncapsulationMode mode)
    {
        var connection = sa.Connection;
        var lifetime = connection.KeyProtection.SessionKeyLifetime;
        if (connection.AhProposals.Count == 0)
        {
            return Ikev1ProposalConverter.ToQuickModeTransforms(connection.EspProposals, mode, lifetime, allCombinations: true);
        }
        return QuickModeKeying.IsUdpEncapsulated(mode) ? [] : Ikev1AhTransforms.ToQuickModeTransforms(connection.AhProposals, mode, lifetime);
    }

    /// <summary>The responder's choice among the peer's proposals of the protocol we accept.</summary>
    public static Ikev1Selection<Ikev1QuickModeTransform> Select(IReadOnlyList<Ikev1QuickModeTransform> acceptable, SecurityAssociationPayload peer) =>
        Ikev1ProposalSelector.SelectQuickMode(acceptable, peer, acceptable.Count > 0 ? acceptable[0].Protocol : IpsecProtocolId.Esp);
}
