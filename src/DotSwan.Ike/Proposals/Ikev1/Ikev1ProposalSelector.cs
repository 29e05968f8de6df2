using DotSwan.Crypto;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Proposals.Ikev1;

/// <summary>
/// IKEv1 responder selection: the first peer transform, in the peer's order, whose algorithms, key length, group and
/// authentication method equal one of our configured transforms is accepted (RFC 2409 §5: the responder picks one
/// transform; IKEv1 has no per-type negotiation). Lifetime policy: a shorter peer lifetime is accepted as is; when ours is
/// shorter we still accept, use ours and flag a RESPONDER-LIFETIME notify (RFC 2407 §4.6.3.1), which is what strongSwan
/// does as an IKEv1 responder in effect (it installs its own, shorter lifetime).
/// </summary>
public static class Ikev1ProposalSelector
{
    /// <summary>Peer transforms beyond this count are ignored (bounded work).</summary>
    public const int MaxPeerTransforms = 256;

    /// <summary>Chooses a Main Mode transform from the peer's SA payload.</summary>
    public static Ikev1Selection<Ikev1Phase1Transform> SelectPhase1(IReadOnlyList<Ikev1Phase1Transform> configured, SecurityAssociationPayload peer) =>
        Select(configured, peer, IpsecProtocolId.Isakmp, Ikev1ProposalConverter.TryFromPhase1Transform,
            (ours, theirs) => ours.MatchesAlgorithms(theirs), t => t.Lifetime, (t, lifetime) => t with { Lifetime = lifetime });

    /// <summary>Chooses a Quick Mode ESP transform from the peer's SA payload.</summary>
    public static Ikev1Selection<Ikev1QuickModeTransform> SelectQuickMode(IReadOnlyList<Ikev1QuickModeTransform> configured, SecurityAssociationPayload peer) =>
        SelectQuickMode(configured, peer, IpsecProtocolId.Esp);

    /// <summary>Chooses a Quick Mode transform from the peer's proposals of <paramref name="protocol"/> (ESP or AH).</summary>
    public static Ikev1Selection<Ikev1QuickModeTransform> SelectQuickMode(IReadOnlyList<Ikev1QuickModeTransform> configured, SecurityAssociationPayload peer,
        IpsecProtocolId protocol) =>
        Select(configured, peer, protocol, (Transform t, out Ikev1QuickModeTransform? r, out string? why) => Ikev1AhTransforms.TryFromTransform(protocol, t, out r, out why!),
            (ours, theirs) => ours.MatchesAlgorithms(theirs), t => t.Lifetime, (t, lifetime) => t with { Lifetime = lifetime });

    private delegate bool TransformReader<T>(Transform transform, out T? result, out string? why);

    /// <summary>
    /// The responder's rule for both phases: the first peer transform (in the peer's order) that matches one of ours
    /// exactly, with the shorter of the two lifetimes.
    /// </summary>
    private static Ikev1Selection<T> Select<T>(
        IReadOnlyList<T> configured, SecurityAssociationPayload peer, IpsecProtocolId protocol, TransformReader<T> read,
        Func<T, T, bool> matches, Func<T, TimeSpan> lifetimeOf, Func<T, TimeSpan, T> withLifetime)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(peer);
        var offered = new List<string>();
        int seen = 0;
        foreach (var proposal in peer.Proposals.Where(p => p.ProtocolId == protocol))
        {
            foreach (var transform in proposal.Transforms)
            {
                if (++seen > MaxPeerTransforms) { break; }
                if (!read(transform, out var theirs, out var why))
                {
                    offered.Add($"#{transform.Number} ({why})");
                    continue;
                }
                offered.Add(theirs!.ToString()!);
                foreach (var ours in configured)
                {
                    if (!matches(ours, theirs)) { continue; }
                    var (lifetime, reduced) = Lifetime(lifetimeOf(theirs), lifetimeOf(ours));
                    return new Ikev1Selection<T>(withLifetime(theirs, lifetime), proposal, transform, lifetime, reduced, "");
                }
            }
        }
        return new Ikev1Selection<T>(null, null, null, TimeSpan.Zero, false, Mismatch(offered, configured.Select(c => c.ToString()!)));
    }

    private static (TimeSpan Lifetime, bool Reduced) Lifetime(TimeSpan peer, TimeSpan ours) =>
        peer <= ours ? (peer, false) : (ours, true);

    private static string Mismatch(List<string> offered, IEnumerable<string> accepted) =>
        $"no proposal chosen: peer offered {(offered.Count == 0 ? "nothing" : string.Join(", ", offered))}; we accept {string.Join(", ", accepted)}";
}
