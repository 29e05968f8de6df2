using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Proposals.Ikev1;

/// <summary>
/// Result of an IKEv1 responder's choice: the accepted transform (ours, typed), the peer's proposal and transform to echo
/// in the reply SA payload, the lifetime to use, and whether ours was shorter than the peer's so a RESPONDER-LIFETIME
/// notify is due (RFC 2407 §4.6.3.1). On failure only <see cref="Reason"/> is set.
/// </summary>
public sealed class Ikev1Selection<T>
    where T : class
{
    internal Ikev1Selection(T? chosen, Proposal? peerProposal, Transform? peerTransform, TimeSpan lifetime, bool lifetimeReduced, string reason)
    {
        Chosen = chosen;
        PeerProposal = peerProposal;
        PeerTransform = peerTransform;
        Lifetime = lifetime;
        LifetimeReduced = lifetimeReduced;
        Reason = reason;
    }

    /// <summary>True when a transform was accepted.</summary>
    public bool IsSuccess => Chosen is not null;

    /// <summary>The accepted algorithms with the negotiated lifetime.</summary>
    public T? Chosen { get; }

    /// <summary>The peer proposal the transform came from.</summary>
    public Proposal? PeerProposal { get; }

    /// <summary>The peer's transform as received (IKEv1 echoes it in the reply).</summary>
    public Transform? PeerTransform { get; }

    /// <summary>The lifetime both sides use: the shorter of the peer's and ours.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>True when our lifetime was shorter than the peer's: send RESPONDER-LIFETIME.</summary>
    public bool LifetimeReduced { get; }

    /// <summary>Why nothing was accepted; empty on success.</summary>
    public string Reason { get; }
}
