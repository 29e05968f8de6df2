using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// Which configured child answers a peer's Child SA request (IKE_AUTH or CREATE_CHILD_SA): among the children whose
/// policy holds part of the requested selectors, one that takes them unnarrowed comes first, then the configuration
/// order; a child whose proposals cannot be agreed on is passed over for the next. When none fits, the answer is the
/// error of the best candidate: NO_PROPOSAL_CHOSEN when some child's selectors fit, else TS_UNACCEPTABLE.
/// </summary>
internal static class ChildConfigSelector
{
    /// <summary>
    /// The chosen child with its proposal selection and narrowed selectors; null when no child's selectors fit
    /// (<paramref name="tsReason"/> then says why, for the first child). A returned choice may carry a failed selection
    /// (no child's proposals fit): the caller answers with that failure.
    /// </summary>
    public static ChildConfigChoice? Select(IReadOnlyList<Ikev2ChildConfig> candidates, Func<Ikev2ChildConfig, ProposalSelection> selectProposal,
        IReadOnlyList<TrafficSelector> initiatorTs, IReadOnlyList<TrafficSelector> responderTs, out string tsReason)
    {
        tsReason = "";
        ChildConfigChoice? fallback = null;
        var fitting = new List<ChildConfigChoice>();
        foreach (var child in candidates)
        {
            var narrowed = TrafficSelectorNarrowing.NarrowChildSa(initiatorTs, responderTs, child.RemoteTrafficSelectors, child.LocalTrafficSelectors);
            if (!narrowed.IsAcceptable)
            {
                if (tsReason.Length == 0) { tsReason = narrowed.Reason; }
                continue;
            }
            var selection = selectProposal(child);
            var choice = new ChildConfigChoice(child, selection, narrowed);
            fallback ??= choice;
            if (selection.IsSuccess || selection.Failure == ProposalSelectionFailure.InvalidKePayload) { fitting.Add(choice); }
        }
        return fitting.Find(c => Unnarrowed(c, initiatorTs, responderTs)) ?? (fitting.Count > 0 ? fitting[0] : fallback);
    }

    private static bool Unnarrowed(ChildConfigChoice choice, IReadOnlyList<TrafficSelector> initiatorTs, IReadOnlyList<TrafficSelector> responderTs) =>
        choice.Narrowed.Initiator.SequenceEqual(initiatorTs) && choice.Narrowed.Responder.SequenceEqual(responderTs);
}
