namespace DotSwan.Ike.TrafficSelectors;

/// <summary>
/// Traffic selector narrowing (RFC 7296 §2.9): the responder answers with the intersection of what the initiator
/// proposed and its own policy. When the initiator put the selector of the triggering packet first
/// (<c>firstIsPacket</c>), that selector only orders the result (intersections containing the packet come first), as
/// the remaining selectors are the range it asks for. The result is always a subset of both inputs.
/// </summary>
public static class TrafficSelectorNarrowing
{
    /// <summary>Upper bound on selectors taken from each input (bounded work on untrusted input).</summary>
    public const int MaxSelectors = 64;

    /// <summary>Narrows one side (TSi against our remote policy, or TSr against our local policy).</summary>
    public static IReadOnlyList<TrafficSelector> Narrow(IReadOnlyList<TrafficSelector> proposed, IReadOnlyList<TrafficSelector> policy, bool firstIsPacket = false)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        ArgumentNullException.ThrowIfNull(policy);
        var candidates = proposed.Take(MaxSelectors).ToList();
        TrafficSelector? packet = null;
        if (firstIsPacket && candidates.Count > 0)
        {
            packet = candidates[0];
            if (candidates.Count > 1) { candidates.RemoveAt(0); }
        }
        var result = new List<TrafficSelector>();
        foreach (var ours in policy.Take(MaxSelectors))
        {
            foreach (var theirs in candidates)
            {
                if (ours.Intersect(theirs) is { } common && !result.Exists(r => r.Contains(common)))
                {
                    result.RemoveAll(common.Contains);
                    result.Add(common);
                }
            }
        }
        if (packet is not null)
        {
            // Stable: selectors that carry the packet move to the front.
            result = [.. result.Where(r => r.Contains(packet)).Concat(result.Where(r => !r.Contains(packet)))];
        }
        return result;
    }

    /// <summary>
    /// Narrows a Child SA request: TSi against <paramref name="remotePolicy"/> (the peer's side of our policy) and TSr
    /// against <paramref name="localPolicy"/>.
    /// </summary>
    public static TrafficSelectorNarrowingResult NarrowChildSa(
        IReadOnlyList<TrafficSelector> initiator,
        IReadOnlyList<TrafficSelector> responder,
        IReadOnlyList<TrafficSelector> remotePolicy,
        IReadOnlyList<TrafficSelector> localPolicy,
        bool firstIsPacket = false)
    {
        var tsi = Narrow(initiator, remotePolicy, firstIsPacket);
        var tsr = Narrow(responder, localPolicy, firstIsPacket);
        string reason = "";
        if (tsi.Count == 0 || tsr.Count == 0)
        {
            reason = $"traffic selectors unacceptable: peer proposed {Show(initiator)} === {Show(responder)}; "
                + $"we allow {Show(remotePolicy)} === {Show(localPolicy)}";
        }
        return new TrafficSelectorNarrowingResult(tsi, tsr, reason);
    }

    private static string Show(IReadOnlyList<TrafficSelector> list) => list.Count == 0 ? "(none)" : string.Join(' ', list.Take(MaxSelectors));
}
