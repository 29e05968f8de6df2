namespace DotSwan.Ike.Engine;

/// <summary>A Child SA was negotiated (its install request is among the same outputs).</summary>
/// <param name="IkeSa">The owning IKE SA.</param>
/// <param name="Connection">The connection's name.</param>
/// <param name="InboundSpi">Our SPI.</param>
/// <param name="OutboundSpi">The peer's SPI.</param>
/// <param name="Description">Suite and traffic selectors, for logs.</param>
public sealed record ChildSaEstablished(IkeSaId IkeSa, string Connection, uint InboundSpi, uint OutboundSpi, string Description)
    : EngineEvent(IkeSa, Connection)
{
    /// <summary>The name of the configured child it was negotiated for (IKEv2), or empty.</summary>
    public string Child { get; init; } = "";
}
