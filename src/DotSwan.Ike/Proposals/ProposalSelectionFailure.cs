namespace DotSwan.Ike.Proposals;

/// <summary>Outcome class of a proposal selection; the non-success values map to IKEv2 notifies.</summary>
public enum ProposalSelectionFailure
{
    /// <summary>A proposal was selected.</summary>
    None,

    /// <summary>Nothing acceptable: answer NO_PROPOSAL_CHOSEN (RFC 7296 §2.7).</summary>
    NoProposalChosen,

    /// <summary>
    /// A proposal was acceptable but the peer's KE payload uses another group: answer INVALID_KE_PAYLOAD with
    /// <see cref="ProposalSelection.RequiredKeyExchange"/> (RFC 7296 §1.2, §3.10.1).
    /// </summary>
    InvalidKePayload,

    /// <summary>A responder's answer is not one of the proposals we sent (initiator side check).</summary>
    InvalidResponse,
}
