using DotSwan.Crypto;

namespace DotSwan.Ike.Proposals;

/// <summary>
/// Responder-side proposal choice per RFC 7296 §2.7: one proposal, and within it one transform of each type. By default
/// our configured order wins (first configured proposal that any peer proposal accepts, and our first algorithm of each
/// type the peer also offers), as strongSwan does; <see cref="ProposalSelectionOptions.PreferPeerOrder"/> turns it round.
/// Unknown transform ids in the peer's proposals never match and are otherwise ignored; a peer proposal with a transform
/// type we do not configure is acceptable only if it also offers NONE for that type.
/// </summary>
public static class ProposalSelector
{
    /// <summary>
    /// Chooses a proposal. <paramref name="peerKeyExchange"/> is the group of the peer's KE payload when there is one
    /// (IKE_SA_INIT, CREATE_CHILD_SA with PFS): when the chosen group differs, the result is
    /// <see cref="ProposalSelectionFailure.InvalidKePayload"/> naming the group we want (see
    /// <see cref="ProposalSelectionOptions.AcceptPeerKeyExchangeGroup"/> to take the peer's group when both allow it).
    /// </summary>
    public static ProposalSelection Select(
        IReadOnlyList<CryptoSuite> configured,
        IReadOnlyList<OfferedProposal> offered,
        ProposalSelectionOptions? options = null,
        KeyExchangeMethod? peerKeyExchange = null)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(offered);
        options ??= ProposalSelectionOptions.Default;
        var peers = offered.Take(options.MaxPeerProposals)
            .Select(p => p.Transforms.Count > options.MaxTransformsPerProposal
                ? p with { Transforms = [.. p.Transforms.Take(options.MaxTransformsPerProposal)] }
                : p)
            .ToList();

        CryptoSuite? selected = null;
        OfferedProposal? from = null;
        if (options.PreferPeerOrder)
        {
            foreach (var peer in peers)
            {
                foreach (var ours in configured)
                {
                    if (TryMatch(ours, peer, preferPeer: true, options.AcceptPeerKeyExchangeGroup ? peerKeyExchange : null, out selected)) { from = peer; break; }
                }
                if (from is not null) { break; }
            }
        }
        else
        {
            foreach (var ours in configured)
            {
                foreach (var peer in peers)
                {
                    if (TryMatch(ours, peer, preferPeer: false, options.AcceptPeerKeyExchangeGroup ? peerKeyExchange : null, out selected)) { from = peer; break; }
                }
                if (from is not null) { break; }
            }
        }

        if (selected is null || from is null)
        {
            return ProposalSelection.Fail(ProposalSelectionFailure.NoProposalChosen, MismatchReason(configured, peers));
        }

        if (peerKeyExchange is { } ke && selected.KeyExchange is [var chosen, ..] && chosen != ke)
        {
            return ProposalSelection.InvalidKe(selected, from, chosen,
                $"invalid KE payload: peer sent a {Name(ke)} key exchange, we require {Name(chosen)} for {selected}");
        }
        return ProposalSelection.Success(selected, from);
    }

    /// <summary>
    /// Initiator-side check of the responder's chosen proposal: exactly one transform of each type, all taken from one of
    /// the proposals we sent.
    /// </summary>
    public static ProposalSelection CheckResponse(IReadOnlyList<CryptoSuite> sent, OfferedProposal response)
    {
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(response);
        var types = response.Transforms.Select(t => t.Type).ToList();
        if (types.Count != types.Distinct().Count())
        {
            return ProposalSelection.Fail(ProposalSelectionFailure.InvalidResponse,
                $"invalid response: the responder chose more than one transform of a type in {response}");
        }
        foreach (var ours in sent)
        {
            if (ours.Protocol != response.Protocol) { continue; }
            var meaningful = response.Transforms.Where(t => !t.IsNone).ToList();
            bool allOurs = meaningful.TrueForAll(t => ours.Transforms.Any(o => o.Matches(t)));
            bool allTypes = ours.Transforms.Select(t => t.Type).Distinct()
                .All(type => meaningful.Exists(t => t.Type == type) || type == TransformType.ExtendedSequenceNumbers);
            if (allOurs && allTypes && CryptoSuite.TryCreate(ours.Protocol, meaningful, out var suite, out _))
            {
                return ProposalSelection.Success(suite!, response);
            }
        }
        return ProposalSelection.Fail(ProposalSelectionFailure.InvalidResponse,
            $"invalid response: the responder chose {response}, which is not within what we proposed: {string.Join(", ", sent)}");
    }

    // Loops instead of LINQ: this runs for every IKE_SA_INIT and IKE_AUTH a responder answers (each configured proposal
    // against each offered one), and the LINQ form allocated iterators, closures and lists for every transform type.
    private static bool TryMatch(CryptoSuite ours, OfferedProposal peer, bool preferPeer, KeyExchangeMethod? peerKe, out CryptoSuite? selected)
    {
        selected = null;
        if (ours.Protocol != peer.Protocol) { return false; }
        var mine = ours.Transforms;
        var theirs = peer.Transforms;
        var chosen = new List<ProposalTransform>(mine.Count);
        for (int i = 0; i < mine.Count; i++)
        {
            var type = mine[i].Type;
            if (IndexOfType(mine, type) != i) { continue; } // each of our types once, in the order we list them
            if (IndexOfType(theirs, type) < 0 && type == TransformType.ExtendedSequenceNumbers
                && IndexOf(mine, new ProposalTransform(type, (ushort)ExtendedSequenceNumbers.None)) is int none and >= 0)
            {
                // A peer that says nothing about ESN gets 32-bit sequence numbers, which we accept.
                chosen.Add(mine[none]);
                continue;
            }
            ProposalTransform? pick = null;
            if (type == TransformType.KeyExchange && peerKe is { } ke)
            {
                var wanted = new ProposalTransform(TransformType.KeyExchange, (ushort)ke);
                if (IndexOf(mine, wanted) >= 0 && IndexOf(theirs, wanted) >= 0) { pick = wanted; }
            }
            if (pick is null && preferPeer)
            {
                for (int j = 0; j < theirs.Count && pick is null; j++)
                {
                    if (theirs[j].Type == type && IndexOf(mine, theirs[j]) is int index and >= 0) { pick = mine[index]; }
                }
            }
            else if (pick is null)
            {
                for (int j = 0; j < mine.Count && pick is null; j++)
                {
                    if (mine[j].Type == type && IndexOf(theirs, mine[j]) >= 0) { pick = mine[j]; }
                }
            }
            if (pick is null) { return false; }
            chosen.Add(pick.Value);
        }
        for (int j = 0; j < theirs.Count; j++)
        {
            // A type we do not configure is fine only if the peer also accepts NONE for it (e.g. PFS optional, INTEG NONE with AEAD).
            var type = theirs[j].Type;
            if (IndexOfType(mine, type) < 0 && !HasNone(theirs, type)) { return false; }
        }
        return CryptoSuite.TryCreate(ours.Protocol, chosen, out selected, out _);
    }

    private static int IndexOfType(IReadOnlyList<ProposalTransform> transforms, TransformType type)
    {
        for (int i = 0; i < transforms.Count; i++)
        {
            if (transforms[i].Type == type) { return i; }
        }
        return -1;
    }

    // The first transform that matches (same type, id and key length; see ProposalTransform.Matches).
    private static int IndexOf(IReadOnlyList<ProposalTransform> transforms, ProposalTransform wanted)
    {
        for (int i = 0; i < transforms.Count; i++)
        {
            if (transforms[i].Matches(wanted)) { return i; }
        }
        return -1;
    }

    private static bool HasNone(IReadOnlyList<ProposalTransform> transforms, TransformType type)
    {
        for (int i = 0; i < transforms.Count; i++)
        {
            if (transforms[i].Type == type && transforms[i].IsNone) { return true; }
        }
        return false;
    }

    private static string MismatchReason(IReadOnlyList<CryptoSuite> configured, List<OfferedProposal> peers)
    {
        string offered = peers.Count == 0 ? "nothing" : string.Join(", ", peers.Select(p => p.ToString()));
        string accepted = configured.Count == 0 ? "nothing (no proposals configured)" : string.Join(", ", configured.Select(c => c.ToString()));
        return $"no proposal chosen: peer offered {offered}; we accept {accepted}";
    }

    private static string Name(KeyExchangeMethod method) => new ProposalTransform(TransformType.KeyExchange, (ushort)method).ToString();
}
