namespace DotSwan.Ike.Ikev1;

/// <summary>The allowed ISAKMP SA state transitions, in one place.</summary>
internal static class IsakmpSaTransitions
{
    public static bool IsAllowed(IsakmpSaState from, IsakmpSaState to) => (from, to) switch
    {
        (_, IsakmpSaState.Failed) => from is not (IsakmpSaState.Failed or IsakmpSaState.Deleted),
        (_, IsakmpSaState.Deleted) => from is not IsakmpSaState.Deleted,
        (IsakmpSaState.MainModeSaSent, IsakmpSaState.MainModeKeSent) => true,
        (IsakmpSaState.MainModeKeSent, IsakmpSaState.MainModeAuthSent) => true,
        (IsakmpSaState.MainModeAuthSent, IsakmpSaState.Established) => true,
        (IsakmpSaState.MainModeSaReplied, IsakmpSaState.MainModeKeReplied) => true,
        (IsakmpSaState.MainModeKeReplied, IsakmpSaState.Established) => true,
        (IsakmpSaState.AggressiveSent, IsakmpSaState.Established) => true,
        (IsakmpSaState.AggressiveReplied, IsakmpSaState.Established) => true,
        _ => false,
    };

    public static bool IsHalfOpen(IsakmpSaState state) => state is not (IsakmpSaState.Established or IsakmpSaState.Deleted or IsakmpSaState.Failed);
}
