namespace DotSwan.Daemon.Configuration;

/// <summary>Soft (rekey) and hard (expire) lifetimes of an IKE or Child SA.</summary>
/// <param name="Soft">When to rekey.</param>
/// <param name="Hard">When the SA dies.</param>
public sealed record LifetimeConfig(LifetimeLimits Soft, LifetimeLimits Hard)
{
    /// <summary>strongSwan's Child SA defaults: rekey after 1 h, expire after 1 h 6 min (life_time = rekey_time + 10%).</summary>
    public static LifetimeConfig ChildDefault { get; } = new(new(TimeSpan.FromHours(1), null), new(TimeSpan.FromMinutes(66), null));

    /// <summary>strongSwan's IKE SA default: rekey after 4 h, expire 10% later.</summary>
    public static LifetimeConfig IkeDefault { get; } = new(new(TimeSpan.FromHours(4), null), new(TimeSpan.FromMinutes(264), null));
}
