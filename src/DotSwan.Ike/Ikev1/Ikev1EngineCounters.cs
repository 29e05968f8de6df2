namespace DotSwan.Ike.Ikev1;

/// <summary>What the IKEv1 engine dropped, answered again or retransmitted (for logs and tests).</summary>
public sealed class Ikev1EngineCounters
{
    /// <summary>Datagrams that are not ISAKMP or do not decode.</summary>
    public long Malformed { get; set; }

    /// <summary>Messages for cookies the engine does not hold.</summary>
    public long UnknownCookie { get; set; }

    /// <summary>Encrypted messages that did not decrypt to a payload chain or whose HASH did not verify.</summary>
    public long DecryptionFailures { get; set; }

    /// <summary>Messages that do not fit the state of their exchange (dropped).</summary>
    public long UnexpectedInState { get; set; }

    /// <summary>Retransmitted messages answered again with our last message of the exchange.</summary>
    public long RetransmittedRequestsAnswered { get; set; }

    /// <summary>Our messages sent again because the answer did not come in time.</summary>
    public long RequestsRetransmitted { get; set; }

    /// <summary>First messages dropped because too many responder SAs were half open.</summary>
    public long HalfOpenRefused { get; set; }
}
