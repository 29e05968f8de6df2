namespace DotSwan.Crypto.Tests.Certificates;

/// <summary>A clock stopped at one instant, for validation-time tests.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
