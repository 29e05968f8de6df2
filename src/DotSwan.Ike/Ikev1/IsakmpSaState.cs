namespace DotSwan.Ike.Ikev1;

/// <summary>The state of an ISAKMP SA (phase 1); transitions are checked in <see cref="IsakmpSaTransitions"/>.</summary>
public enum IsakmpSaState
{
    /// <summary>Main Mode initiator: message 1 sent, waiting for 2.</summary>
    MainModeSaSent,

    /// <summary>Main Mode initiator: message 3 sent, waiting for 4.</summary>
    MainModeKeSent,

    /// <summary>Main Mode initiator: message 5 sent, waiting for 6.</summary>
    MainModeAuthSent,

    /// <summary>Main Mode responder: message 2 sent, waiting for 3.</summary>
    MainModeSaReplied,

    /// <summary>Main Mode responder: message 4 sent, waiting for 5.</summary>
    MainModeKeReplied,

    /// <summary>Aggressive Mode initiator: message 1 sent, waiting for 2.</summary>
    AggressiveSent,

    /// <summary>Aggressive Mode responder: message 2 sent, waiting for 3.</summary>
    AggressiveReplied,

    /// <summary>Phase 1 complete: Quick Modes and informational exchanges may run.</summary>
    Established,

    /// <summary>Deleted (by us, by the peer or by expiry); kept briefly to answer retransmissions.</summary>
    Deleted,

    /// <summary>Failed during phase 1 or declared dead; kept briefly, then forgotten.</summary>
    Failed,
}
