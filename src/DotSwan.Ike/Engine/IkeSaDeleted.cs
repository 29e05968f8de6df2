namespace DotSwan.Ike.Engine;

/// <summary>An established IKE SA was deleted (by us, by the peer, or because the peer stopped answering).</summary>
/// <param name="IkeSa">The IKE SA.</param>
/// <param name="Connection">The connection's name.</param>
/// <param name="Reason">Why.</param>
public sealed record IkeSaDeleted(IkeSaId IkeSa, string Connection, string Reason) : EngineEvent(IkeSa, Connection);
