namespace DotSwan.Ike.Ikev2;

/// <summary>What an established IKE SA lets go of, so that one held for hours costs little memory (issue 6: at most 5 KB per SA).</summary>
internal sealed partial class IkeSa
{
    /// <summary>
    /// Once the SA is established (or replaced by a rekey), IKE_SA_INIT's messages, nonces and payloads and the responder's
    /// candidate connections are of no further use: the AUTH payloads that sign them were sent and checked, the first
    /// Child SA's keys are derived, and later exchanges bring their own nonces (RFC 7296 §2.17, §2.18). The SK transforms
    /// are let go whenever no request of ours waits for its answer; the next message makes them again from the keys.
    /// The cached last response stays: the peer may still retransmit its request (RFC 7296 §2.1).
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
        if (_pending is null) { _protection?.ReleaseTransforms(); }
    }
}
