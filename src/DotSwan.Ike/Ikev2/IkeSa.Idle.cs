using DotSwan.Ike.Ikev2.Authentication;

namespace DotSwan.Ike.Ikev2;

/// <summary>What an established IKE SA lets go of, so that one held for hours costs little memory (issue 6: at most 5 KB per SA).</summary>
internal sealed partial class IkeSa
{
    // How long past our own retransmission schedule a peer may still retransmit a request we answered.
    private static readonly TimeSpan CachedResponseMargin = TimeSpan.FromMinutes(1);

    private DateTimeOffset _cachedResponseUntil = DateTimeOffset.MaxValue;

    /// <summary>
    /// The authentication of IKE_SA_INIT and IKE_AUTH, made when first needed and let go once the SA is established (an
    /// SA made by a rekey never needs one).
    /// </summary>
    private IkeSaAuthentication Auth => _auth ??= new IkeSaAuthentication(Connection);

    /// <summary>When an established SA forgets the response it caches for retransmitted requests (null: nothing cached).</summary>
    private DateTimeOffset? CachedResponseDeadline => _cachedResponse is null ? null : _cachedResponseUntil;

    /// <summary>
    /// A response was cached for the peer's retransmissions of its request (RFC 7296 §2.1): it is kept until the next
    /// request replaces it or the peer's retransmissions must have ended — we assume a schedule like ours (strongSwan's
    /// default is alike: 5 retransmissions over 165 s) plus a margin.
    /// </summary>
    private void KeepCachedResponse()
    {
        var settings = Connection.EffectiveRetransmission;
        var schedule = TimeSpan.Zero;
        for (int i = 0; i <= settings.Tries; i++) { schedule += settings.WaitAfter(i); }
        _cachedResponseUntil = _now + schedule + CachedResponseMargin;
    }

    /// <summary>Forgets the cached response of an established SA once no retransmission of its request can come any more.</summary>
    private void ExpireCachedResponse()
    {
        if (State != IkeSaState.Established || _cachedResponse is null || _now < _cachedResponseUntil) { return; }
        _cachedResponse = null;
        _cachedResponseFragments = null;
    }

    /// <summary>
    /// Once the SA is established (or replaced by a rekey), IKE_SA_INIT's messages, nonces and payloads, the
    /// authentication state and the responder's candidate connections are of no further use: the AUTH payloads that
    /// sign them were sent and checked, the first Child SA's keys are derived, and later exchanges bring their own
    /// nonces (RFC 7296 §2.17, §2.18). The SK transforms
    /// are let go whenever no request of ours waits for its answer; the next message makes them again from the keys.
    /// The cached last response stays until <see cref="ExpireCachedResponse"/>: the peer may still retransmit its request.
    /// </summary>
    private void DropHandshakeState()
    {
        if (State is not (IkeSaState.Established or IkeSaState.Rekeyed)) { return; }
        _message1 = [];
        _message2 = [];
        _ni = [];
        _nr = [];
        _saInitPayloads = [];
        _candidates = [];
        _espSent = [];
        _auth = null;
        if (_pending is null) { _protection?.ReleaseTransforms(); }
    }
}
