namespace DotSwan.Ipsec.Lifetimes;

/// <summary>
/// The soft (rekey) and hard (delete) lifetimes of an SA. Reaching a soft limit asks the IKE engine to rekey;
/// reaching a hard limit stops all traffic through the SA and asks for its deletion.
/// </summary>
/// <param name="Soft">Limits that raise a rekey event.</param>
/// <param name="Hard">Limits that stop the SA and raise a delete event.</param>
public sealed record SaLifetimes(SaLifetimeLimits Soft, SaLifetimeLimits Hard)
{
    /// <summary>
    /// One megabyte as this library counts byte lifetimes: 2^20 bytes (the Linux kernel and strongSwan's
    /// <c>life_bytes</c> take plain byte counts; we state our megabyte so that "100 MB" means one number).
    /// </summary>
    public const ulong Megabyte = 1024 * 1024;

    /// <summary>
    /// The defaults: hard limit 100 MB (104,857,600 bytes) or 66 minutes, soft limit 90 MB or 60 minutes (strongSwan's
    /// default rekey_time of 1 h and life_time of 110 % of it); packets unlimited.
    /// </summary>
    public static SaLifetimes Default { get; } = new(
        new SaLifetimeLimits(90 * Megabyte, null, TimeSpan.FromMinutes(60)),
        new SaLifetimeLimits(100 * Megabyte, null, TimeSpan.FromMinutes(66)));

    /// <summary>No limits (for tests and for SAs whose lifetime the IKE engine manages by other means).</summary>
    public static SaLifetimes Unlimited { get; } = new(SaLifetimeLimits.Unlimited, SaLifetimeLimits.Unlimited);
}
