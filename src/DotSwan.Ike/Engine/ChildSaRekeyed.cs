namespace DotSwan.Ike.Engine;

/// <summary>A Child SA was rekeyed: the new pair (installed among the same outputs) replaces the old, which is deleted by a later <see cref="DeleteChildSa"/>.</summary>
/// <param name="IkeSa">The owning IKE SA.</param>
/// <param name="Connection">The connection's name.</param>
/// <param name="OldInboundSpi">Our SPI of the replaced Child SA.</param>
/// <param name="NewInboundSpi">Our SPI of the new one.</param>
/// <param name="WeInitiated">Whether we started the rekey.</param>
public sealed record ChildSaRekeyed(IkeSaId IkeSa, string Connection, uint OldInboundSpi, uint NewInboundSpi, bool WeInitiated)
    : EngineEvent(IkeSa, Connection);
