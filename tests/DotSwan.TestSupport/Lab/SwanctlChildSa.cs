namespace DotSwan.TestSupport.Lab;

/// <summary>One Child SA as `swanctl --list-sas` prints it.</summary>
/// <param name="Name">The child's name.</param>
/// <param name="State">INSTALLED, REKEYED, …</param>
/// <param name="Mode">TUNNEL, TUNNEL-in-UDP, TRANSPORT, …</param>
/// <param name="Protocol">The protocol and algorithms, e.g. "ESP:AES_GCM_16-128".</param>
/// <param name="InboundSpi">Our inbound SPI (the one the peer's ESP packets carry).</param>
/// <param name="OutboundSpi">The outbound SPI (the one our ESP packets carry).</param>
/// <param name="InboundPackets">Packets received on the SA so far.</param>
/// <param name="OutboundPackets">Packets sent on the SA so far.</param>
public sealed record SwanctlChildSa(
    string Name, string State, string Mode, string Protocol, uint InboundSpi, uint OutboundSpi, ulong InboundPackets, ulong OutboundPackets);
