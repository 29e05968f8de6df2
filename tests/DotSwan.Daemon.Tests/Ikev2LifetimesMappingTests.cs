using DotSwan.Daemon.Configuration;
using DotSwan.Daemon.Runtime;
using DotSwan.Ike.Ikev2;

namespace DotSwan.Daemon.Tests;

public sealed class Ikev2LifetimesMappingTests
{
    [Fact]
    public void Default_configuration_gives_the_engine_strongswans_default_lifetimes()
    {
        var lifetimes = Ikev2ConnectionFactory.Lifetimes(LifetimeConfig.IkeDefault, LifetimeConfig.ChildDefault);
        Assert.Equal(Ikev2Lifetimes.Default, lifetimes);
        Assert.Equal(TimeSpan.FromMinutes(24), lifetimes.IkeRandTime);
        Assert.Equal(TimeSpan.FromMinutes(6), lifetimes.ChildRandTime);
    }

    [Fact]
    public void Soft_time_is_the_rekey_time_and_the_hard_time_bounds_the_jitter()
    {
        var ike = new LifetimeConfig(new(TimeSpan.FromHours(8), null), new(TimeSpan.FromHours(9), null));
        var child = new LifetimeConfig(new(TimeSpan.FromMinutes(20), null), new(TimeSpan.FromMinutes(30), null));
        var lifetimes = Ikev2ConnectionFactory.Lifetimes(ike, child);
        Assert.Equal(new Ikev2Lifetimes(TimeSpan.FromHours(8), TimeSpan.FromHours(1), TimeSpan.FromHours(1),
            TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10)), lifetimes);
    }

    [Fact]
    public void No_soft_time_means_no_rekey()
    {
        var none = new LifetimeConfig(new(null, null), new(null, null));
        var lifetimes = Ikev2ConnectionFactory.Lifetimes(none, none);
        Assert.Equal(TimeSpan.Zero, lifetimes.IkeRekeyTime);
        Assert.Equal(TimeSpan.Zero, lifetimes.ChildRekeyTime);
        Assert.Equal(TimeSpan.Zero, lifetimes.ChildLifeTime);
    }
}
