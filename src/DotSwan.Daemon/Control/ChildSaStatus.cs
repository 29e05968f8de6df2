namespace DotSwan.Daemon.Control;

/// <summary>One installed Child SA in <c>status</c>.</summary>
/// <param name="Name">connection/child or the manual tunnel.</param>
/// <param name="InboundSpi">Our SPI, 8 hex digits.</param>
/// <param name="OutboundSpi">The peer's SPI, 8 hex digits.</param>
/// <param name="Algorithms">The negotiated ESP suite.</param>
/// <param name="Mode">tunnel or transport.</param>
/// <param name="LocalTs">Our traffic selectors.</param>
/// <param name="RemoteTs">The peer's traffic selectors.</param>
/// <param name="InstalledAt">When it was installed (UTC).</param>
/// <param name="BytesIn">Inner bytes decrypted.</param>
/// <param name="PacketsIn">Packets decrypted.</param>
/// <param name="BytesOut">Inner bytes encrypted.</param>
/// <param name="PacketsOut">Packets encrypted.</param>
/// <param name="RekeyInSeconds">Seconds until the soft lifetime (rekey time) is reached; null for none.</param>
/// <param name="ExpiresInSeconds">Seconds until the hard lifetime; null for none.</param>
public sealed record ChildSaStatus(
    string Name,
    string InboundSpi,
    string OutboundSpi,
    string Algorithms,
    string Mode,
    IReadOnlyList<string> LocalTs,
    IReadOnlyList<string> RemoteTs,
    DateTimeOffset InstalledAt,
    long BytesIn,
    long PacketsIn,
    long BytesOut,
    long PacketsOut,
    long? RekeyInSeconds,
    long? ExpiresInSeconds);
