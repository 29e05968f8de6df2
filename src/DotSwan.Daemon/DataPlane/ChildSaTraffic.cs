namespace DotSwan.Daemon.DataPlane;

/// <summary>What one Child SA carried so far.</summary>
/// <param name="InboundPackets">Packets decrypted.</param>
/// <param name="InboundBytes">Their inner bytes.</param>
/// <param name="OutboundPackets">Packets encrypted.</param>
/// <param name="OutboundBytes">Their inner bytes.</param>
/// <param name="Drops">Inbound packets dropped (replay, integrity).</param>
public readonly record struct ChildSaTraffic(long InboundPackets, long InboundBytes, long OutboundPackets, long OutboundBytes, long Drops);
