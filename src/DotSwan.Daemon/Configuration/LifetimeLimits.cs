namespace DotSwan.Daemon.Configuration;

/// <summary>Time and byte limits of one stage (soft: rekey; hard: delete). Null means no limit.</summary>
/// <param name="Time">Seconds since installation.</param>
/// <param name="Bytes">Bytes protected.</param>
public readonly record struct LifetimeLimits(TimeSpan? Time, ulong? Bytes);
