namespace DotSwan.Ike.Proposals;

/// <summary>How a responder chooses among acceptable proposals.</summary>
public sealed record ProposalSelectionOptions
{
    /// <summary>The default: our configured order wins (strongSwan's <c>prefer_configured_proposals = yes</c>).</summary>
    public static ProposalSelectionOptions Default { get; } = new();

    /// <summary>
    /// When true, the first acceptable proposal in the peer's order is chosen, and within it the peer's preferred
    /// algorithm of each type (strongSwan's <c>prefer_configured_proposals = no</c>).
    /// </summary>
    public bool PreferPeerOrder { get; init; }

    /// <summary>
    /// When true and the peer's KE payload uses a group the chosen proposal allows on both sides, that group is chosen
    /// even if we prefer another, saving the INVALID_KE_PAYLOAD round trip (RFC 7296 §1.2 permits either). Off by default:
    /// strongSwan 5.9.8 as responder picks its own first group and answers INVALID_KE_PAYLOAD (measured in the lab).
    /// </summary>
    public bool AcceptPeerKeyExchangeGroup { get; init; }

    /// <summary>Peer proposals beyond this count are ignored (bounded work on untrusted input).</summary>
    public int MaxPeerProposals { get; init; } = 64;

    /// <summary>Transforms beyond this count in one peer proposal are ignored.</summary>
    public int MaxTransformsPerProposal { get; init; } = 256;
}
