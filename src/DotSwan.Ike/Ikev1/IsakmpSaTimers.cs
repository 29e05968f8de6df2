using DotSwan.Ike.Engine;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// Everything time does to an ISAKMP SA: retransmission with back-off, the half-open bound, Quick Mode timeouts (which
/// re-run phase 1), IPsec SA soft and hard lifetimes, phase 1 lifetime, DPD probes and lingering.
/// </summary>
internal static class IsakmpSaTimers
{
    public static void OnTimer(IsakmpSa sa, DateTimeOffset now, List<EngineOutput> outputs)
    {
        var engine = sa.Engine;
        var tries = sa.Connection.EffectiveRetransmission.Tries;
        if (sa.Phase1Messages.Deadline <= now)
        {
            if (sa.Phase1Messages.Due(now))
            {
                engine.Counters.RequestsRetransmitted++;
                sa.Send(sa.Phase1Messages.Message!, outputs);
            }
            else
            {
                Phase1Failure.Fail(sa, IkeSaFailureKind.PeerNotResponding,
                    $"phase 1 ({sa.State}): no answer from {sa.Remote} after {tries} retransmissions; is the peer reachable on UDP 500/4500 and configured for IKEv1?",
                    now, outputs);
                return;
            }
        }
        if (!sa.IsInitiator && IsakmpSaTransitions.IsHalfOpen(sa.State) && sa.CreatedAt + engine.Settings.HalfOpenTimeout <= now)
        {
            Phase1Failure.Fail(sa, IkeSaFailureKind.PeerNotResponding,
                $"phase 1 with {sa.Remote} not completed within {engine.Settings.HalfOpenTimeout.TotalSeconds:0}s ({sa.State})", now, outputs);
            return;
        }
        if (sa.IsGone) { return; }
        QuickModes(sa, now, outputs);
        if (sa.IsGone) { return; }
        Children(sa, now, outputs);
        if (sa.EstablishedAt is not { } established) { return; }
        if (established + sa.Lifetime <= now)
        {
            Expire(sa, "phase 1 (master key) lifetime expired", now, outputs);
            return;
        }
        Phase1Volume.Check(sa, now, outputs);
        if (sa.IsGone) { return; }
        if (sa.RenewsPhase1 && !sa.RenewalStarted && established + (sa.Lifetime * Ikev1KeyProtection.RekeyFraction) <= now)
        {
            engine.Renew(sa, null, now, outputs);
        }
        if (sa.DpdDeadline <= now)
        {
            sa.DpdDeadline = null;
            sa.DpdUnanswered++;
            if (sa.DpdUnanswered > tries)
            {
                Phase1Failure.Fail(sa, IkeSaFailureKind.PeerNotResponding,
                    $"dead peer: {sa.DpdUnanswered} R-U-THERE to {sa.Remote} unanswered (RFC 3706)", now, outputs);
                return;
            }
            InformationalExchange.SendDpd(sa, now, outputs);
        }
        if (sa.DpdNext <= now && sa.Connection.DeadPeerDetectionDelay is { } delay)
        {
            sa.DpdNext = now + delay;
            if (sa.DpdDeadline is null) { InformationalExchange.SendDpd(sa, now, outputs); }
        }
    }

    /// <summary>The phase 1 lifetime (time or bytes) is over: the SA is deleted, its IPsec SAs go to an heir.</summary>
    public static void Expire(IsakmpSa sa, string reason, DateTimeOffset now, List<EngineOutput> outputs)
    {
        // IPsec SAs outlive their ISAKMP SA in IKEv1: hand them to the SA that replaces this one, or to another one with
        // the same peer (after the peer reauthenticated), instead of deleting them with it.
        if ((sa.Successor is { IsGone: false } ? sa.Successor : sa.Engine.Sibling(sa)) is { } heir)
        {
            sa.Engine.Touch(heir);
            heir.Children.AddRange(sa.Children);
            sa.Children.Clear();
        }
        InformationalExchange.DeleteIsakmpSa(sa, reason, now, outputs);
    }

    private static void QuickModes(IsakmpSa sa, DateTimeOffset now, List<EngineOutput> outputs)
    {
        var engine = sa.Engine;
        foreach (var qm in sa.QuickModes.Values.ToList())
        {
            if (qm.LingerUntil <= now)
            {
                if (qm.State == QuickModeState.Failed && !sa.Children.Any(c => c.InboundSpi == qm.InboundSpi)) { engine.ReleaseSpi(qm.InboundSpi); }
                sa.QuickModes.Remove(qm.MessageId);
                qm.Dispose();
                continue;
            }
            if (!(qm.Messages.Deadline <= now)) { continue; }
            if (qm.Messages.Due(now))
            {
                engine.Counters.RequestsRetransmitted++;
                sa.Send(qm.Messages.Message!, outputs);
                continue;
            }
            if (qm.IsInitiator)
            {
                // RFC 2409 gives no other signal: a Quick Mode that times out means the phase 1 SA is probably dead on the
                // peer's side. Start a new phase 1 (which adopts our IPsec SAs) and run the Quick Mode over it.
                string reason = $"Quick Mode {qm.MessageId:x8} got no answer after {sa.Connection.EffectiveRetransmission.Tries} retransmissions; re-running phase 1";
                QuickModeInitiator.Fail(sa, qm, IkeSaFailureKind.PeerNotResponding, reason, now, outputs);
                engine.Renew(sa, new QuickModeRequest(qm.Replaces), now, outputs);
                Phase1Failure.Fail(sa, IkeSaFailureKind.PeerNotResponding, reason, now, outputs);
                return;
            }
            qm.State = QuickModeState.Failed;
            qm.LingerUntil = now + engine.Settings.Linger;
            InformationalExchange.DeleteChildren(sa, [.. sa.Children.Where(c => c.InboundSpi == qm.InboundSpi)], "Quick Mode not confirmed", now, outputs);
            outputs.Add(new QuickModeFailed(sa.Id, sa.Connection.Name, qm.MessageId, IkeSaFailureKind.PeerNotResponding,
                "Quick Mode message 3 never came: the IPsec SA pair installed with message 2 is removed"));
        }
    }

    private static void Children(IsakmpSa sa, DateTimeOffset now, List<EngineOutput> outputs)
    {
        foreach (var child in sa.Children.ToList())
        {
            if (child.HardExpiry <= now)
            {
                InformationalExchange.DeleteChildren(sa, [child], "session key lifetime expired", now, outputs);
            }
            else if (child.IsQuickModeInitiator && !child.RekeyStarted && child.SoftExpiry <= now)
            {
                child.RekeyStarted = true;
                sa.Engine.RequestQuickMode(sa, new QuickModeRequest(child), now, outputs);
            }
        }
    }
}
