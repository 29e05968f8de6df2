namespace DotSwan.Ike.Engine;

/// <summary>Something that happened to an SA, for logs, metrics and the control API.</summary>
/// <param name="IkeSa">The IKE SA concerned.</param>
/// <param name="Connection">The configured connection's name.</param>
public abstract record EngineEvent(IkeSaId IkeSa, string Connection) : EngineOutput;
