namespace DotSwan.Ipsec.Driver;

/// <summary>The counters of one SA as read at one moment.</summary>
/// <param name="Packets">Packets processed.</param>
/// <param name="Bytes">Payload bytes processed (inner packets in tunnel mode).</param>
/// <param name="Drops">Packets dropped or refused by the SA, all reasons.</param>
public readonly record struct SaCounterSnapshot(long Packets, long Bytes, long Drops);
