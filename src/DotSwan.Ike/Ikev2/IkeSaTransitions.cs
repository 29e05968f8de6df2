namespace DotSwan.Ike.Ikev2;

/// <summary>The one place that says which <see cref="IkeSaState"/> may follow which.</summary>
public static class IkeSaTransitions
{
    /// <summary>Whether an IKE SA may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(IkeSaState from, IkeSaState to) => (from, to) switch
    {
        // INVALID_KE_PAYLOAD: the initiator restarts IKE_SA_INIT with the group the responder wants.
        (IkeSaState.SaInitSent, IkeSaState.SaInitSent) => true,
        (IkeSaState.SaInitSent, IkeSaState.AuthSent) => true,
        (IkeSaState.AuthSent, IkeSaState.Established) => true,
        (IkeSaState.SaInitResponded, IkeSaState.Established) => true,
        (IkeSaState.Established, IkeSaState.Deleting) => true,
        (IkeSaState.Established, IkeSaState.Deleted) => true,
        (IkeSaState.Deleting, IkeSaState.Deleted) => true,
        // Rekeyed by the peer (or we lost a simultaneous rekey): wait for the Delete of the old SA.
        (IkeSaState.Established, IkeSaState.Rekeyed) => true,
        (IkeSaState.Rekeyed, IkeSaState.Deleted) => true,
        (IkeSaState.SaInitSent or IkeSaState.AuthSent or IkeSaState.SaInitResponded, IkeSaState.Failed) => true,
        // An established SA whose peer stops answering is lost.
        (IkeSaState.Established or IkeSaState.Deleting or IkeSaState.Rekeyed, IkeSaState.Failed) => true,
        _ => false,
    };

    /// <summary>Whether the SA is over (only cached responses are still answered).</summary>
    public static bool IsFinal(IkeSaState state) => state is IkeSaState.Deleted or IkeSaState.Failed;
}
