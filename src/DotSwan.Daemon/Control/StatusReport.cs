namespace DotSwan.Daemon.Control;

/// <summary>The result of <c>status</c>: IKE SAs with their Child SAs, and the manual tunnels.</summary>
/// <param name="IkeSas">IKE SAs the engine holds.</param>
/// <param name="Manual">Installed manual tunnels.</param>
public sealed record StatusReport(IReadOnlyList<IkeSaStatus> IkeSas, IReadOnlyList<ChildSaStatus> Manual);
