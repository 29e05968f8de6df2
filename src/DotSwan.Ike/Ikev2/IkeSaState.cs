namespace DotSwan.Ike.Ikev2;

/// <summary>The life of an IKE SA; allowed moves are in <see cref="IkeSaTransitions"/>.</summary>
public enum IkeSaState
{
    /// <summary>Initiator: IKE_SA_INIT request sent, waiting for the response.</summary>
    SaInitSent,

    /// <summary>Initiator: IKE_AUTH request sent, waiting for the response.</summary>
    AuthSent,

    /// <summary>Responder: IKE_SA_INIT answered, waiting for IKE_AUTH.</summary>
    SaInitResponded,

    /// <summary>Authenticated; INFORMATIONAL exchanges allowed.</summary>
    Established,

    /// <summary>Replaced by a new IKE SA after a rekey (RFC 7296 §2.18); its Child SAs moved there, it waits for the peer's Delete.</summary>
    Rekeyed,

    /// <summary>We sent a Delete for the IKE SA and wait for the answer.</summary>
    Deleting,

    /// <summary>Deleted (by either side); lingers briefly to answer retransmissions from the cache.</summary>
    Deleted,

    /// <summary>Establishment failed; lingers briefly to answer retransmissions from the cache.</summary>
    Failed,
}
