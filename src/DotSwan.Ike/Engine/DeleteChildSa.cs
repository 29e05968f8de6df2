namespace DotSwan.Ike.Engine;

/// <summary>Remove both directions of a Child SA (and its policies) from the IPsec driver.</summary>
/// <param name="IkeSa">The IKE SA that owned it.</param>
/// <param name="InboundSpi">Our SPI.</param>
/// <param name="OutboundSpi">The peer's SPI.</param>
public sealed record DeleteChildSa(IkeSaId IkeSa, uint InboundSpi, uint OutboundSpi) : EngineOutput;
