namespace DotSwan.Ipsec.Backends.Memory;

/// <summary>A packet held for an acquire, with when it came.</summary>
internal readonly record struct QueuedPacket(byte[] Packet, DateTimeOffset At);
