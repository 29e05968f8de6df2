namespace DotSwan.Ike.Engine;

/// <summary>Something an engine asks its host to do or tells it: a datagram to send, an SA to install or delete, an event.</summary>
public abstract record EngineOutput;
