namespace DotSwan.Ike.Ikev2;

/// <summary>What an <see cref="Ikev2Engine"/> did with inputs it did not act on, for metrics and tests.</summary>
public sealed class Ikev2EngineCounters
{
    /// <summary>Datagrams that did not decode (too short, bad lengths, wrong version).</summary>
    public long Malformed { get; internal set; }

    /// <summary>Messages for an IKE SA we do not know.</summary>
    public long UnknownSpi { get; internal set; }

    /// <summary>Responses that match no outstanding request (late duplicates included).</summary>
    public long UnexpectedResponses { get; internal set; }

    /// <summary>Requests outside the window (neither the next ID nor a retransmission of the last one).</summary>
    public long OutOfWindowRequests { get; internal set; }

    /// <summary>Retransmitted requests answered from the response cache.</summary>
    public long RetransmittedRequestsAnswered { get; internal set; }

    /// <summary>Our requests retransmitted after a timeout.</summary>
    public long RequestsRetransmitted { get; internal set; }

    /// <summary>Protected messages whose integrity check or decryption failed.</summary>
    public long DecryptionFailures { get; internal set; }

    /// <summary>Messages not allowed in the SA's current state.</summary>
    public long UnexpectedInState { get; internal set; }

    /// <summary>SKF fragments received for reassembly (RFC 7383).</summary>
    public long FragmentsReceived { get; internal set; }

    /// <summary>SKF fragments dropped as inconsistent or beyond the reassembly bounds.</summary>
    public long FragmentsRejected { get; internal set; }

    /// <summary>Messages we sent as SKF fragments.</summary>
    public long MessagesFragmented { get; internal set; }

    /// <summary>IKE_SA_INIT requests answered statelessly with a COOKIE (RFC 7296 §2.6).</summary>
    public long CookiesSent { get; internal set; }

    /// <summary>IKE_SA_INIT requests whose COOKIE did not verify (answered with a fresh one).</summary>
    public long InvalidCookies { get; internal set; }

    /// <summary>IKE_SA_INIT requests dropped because the half-open limit was reached.</summary>
    public long HalfOpenLimitDrops { get; internal set; }
    /// <summary>Simultaneous rekeys of one SA by both peers that were resolved by the nonce rule (RFC 7296 §2.8.1, §2.8.2).</summary>
    public long RekeyCollisions { get; internal set; }

    /// <summary>Peer requests we answered with TEMPORARY_FAILURE because a conflicting exchange was under way (RFC 7296 §2.25).</summary>
    public long TemporaryFailuresSent { get; internal set; }
}
