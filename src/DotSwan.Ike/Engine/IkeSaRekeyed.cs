namespace DotSwan.Ike.Engine;

/// <summary>
/// An IKE SA was rekeyed (RFC 7296 §2.18): <paramref name="NewIkeSa"/> took over its Child SAs; the old one is deleted next
/// (its <see cref="IkeSaDeleted"/> ends the rekey, it is not a loss). After a simultaneous rekey only the surviving SA is
/// announced; the redundant one is deleted without having held a Child SA.
/// </summary>
/// <param name="IkeSa">The old IKE SA.</param>
/// <param name="Connection">The connection's name.</param>
/// <param name="NewIkeSa">The new IKE SA (established, same peer and authentication).</param>
/// <param name="WeInitiated">Whether we started the rekey (and so are the new SA's original initiator).</param>
public sealed record IkeSaRekeyed(IkeSaId IkeSa, string Connection, IkeSaId NewIkeSa, bool WeInitiated) : EngineEvent(IkeSa, Connection);
