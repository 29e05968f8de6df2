namespace DotSwan.Ike.Ikev1;

/// <summary>Where one Quick Mode exchange stands.</summary>
internal enum QuickModeState
{
    /// <summary>Initiator: message 1 sent, waiting for 2.</summary>
    Offered,

    /// <summary>Responder: message 2 sent, waiting for 3.</summary>
    Replied,

    /// <summary>Complete (kept to answer retransmissions of the peer's last message).</summary>
    Done,

    /// <summary>Given up or refused.</summary>
    Failed,
}
