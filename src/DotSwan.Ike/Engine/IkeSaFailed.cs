namespace DotSwan.Ike.Engine;

/// <summary>The IKE SA (or its first Child SA) failed; <paramref name="Reason"/> is written for an operator.</summary>
/// <param name="IkeSa">The IKE SA.</param>
/// <param name="Connection">The connection's name (empty when no connection matched).</param>
/// <param name="Kind">The failure class.</param>
/// <param name="Reason">A human-readable explanation, e.g. the proposals of both sides.</param>
public sealed record IkeSaFailed(IkeSaId IkeSa, string Connection, IkeSaFailureKind Kind, string Reason) : EngineEvent(IkeSa, Connection);
