namespace DotSwan.Ipsec.Lifetimes;

/// <summary>
/// One set of limits (soft or hard) on an SA's use. A null limit is unlimited. Bytes count the payload
/// (the inner packet in tunnel mode, the transport payload in transport mode) in both directions, as the Linux kernel does.
/// Time counts from the moment the SA was created (the time the caller passed; never the wall clock).
/// </summary>
/// <param name="Bytes">Payload bytes after which the limit is reached.</param>
/// <param name="Packets">Packets after which the limit is reached.</param>
/// <param name="Time">Time after installation after which the limit is reached.</param>
public readonly record struct SaLifetimeLimits(ulong? Bytes, ulong? Packets, TimeSpan? Time)
{
    /// <summary>No limit at all.</summary>
    public static SaLifetimeLimits Unlimited => default;

    internal ulong BytesOrMax => Bytes ?? ulong.MaxValue;

    internal ulong PacketsOrMax => Packets ?? ulong.MaxValue;
}
