using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;

namespace DotSwan.Ike.Tests.Ikev2;

public sealed class CookieGeneratorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IPAddress Initiator = IPAddress.Parse("192.0.2.1");
    private static readonly byte[] Ni = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Fact]
    public void A_cookie_verifies_only_for_the_nonce_address_and_spi_it_was_made_for()
    {
        using var cookies = new CookieGenerator(new SeededRandomSource(1), TimeSpan.FromMinutes(2));
        var cookie = cookies.Create(Ni, Initiator, 0x1122334455667788, T0);
        Assert.Equal(CookieGenerator.CookieLength, cookie.Length);
        Assert.True(cookies.Verify(cookie, Ni, Initiator, 0x1122334455667788, T0));
        Assert.False(cookies.Verify(cookie, Ni, IPAddress.Parse("192.0.2.9"), 0x1122334455667788, T0));
        Assert.False(cookies.Verify(cookie, Ni, Initiator, 0x1122334455667789, T0));
        Assert.False(cookies.Verify(cookie, [.. Ni.Reverse()], Initiator, 0x1122334455667788, T0));
        var damaged = (byte[])cookie.Clone();
        damaged[^1] ^= 1;
        Assert.False(cookies.Verify(damaged, Ni, Initiator, 0x1122334455667788, T0));
        Assert.False(cookies.Verify(cookie.AsSpan(0, 20), Ni, Initiator, 0x1122334455667788, T0));
        Assert.False(cookies.Verify([], Ni, Initiator, 0x1122334455667788, T0));
    }

    [Fact]
    public void Another_generators_secret_makes_other_cookies()
    {
        using var a = new CookieGenerator(new SeededRandomSource(1), TimeSpan.FromMinutes(2));
        using var b = new CookieGenerator(new SeededRandomSource(2), TimeSpan.FromMinutes(2));
        var cookie = a.Create(Ni, Initiator, 7, T0);
        Assert.False(b.Verify(cookie, Ni, Initiator, 7, T0));
    }

    [Fact]
    public void The_secret_rotates_and_the_previous_one_is_honoured_for_one_more_lifetime()
    {
        using var cookies = new CookieGenerator(new SeededRandomSource(3), TimeSpan.FromMinutes(2));
        var old = cookies.Create(Ni, Initiator, 7, T0);
        var later = T0 + TimeSpan.FromMinutes(2.5);
        var fresh = cookies.Create(Ni, Initiator, 7, later);
        Assert.Equal(1, cookies.Rotations);
        Assert.NotEqual(old, fresh);
        Assert.True(cookies.Verify(old, Ni, Initiator, 7, later));
        Assert.True(cookies.Verify(fresh, Ni, Initiator, 7, later));
        // Two rotations later the first secret is gone.
        var muchLater = later + TimeSpan.FromMinutes(2.5);
        Assert.False(cookies.Verify(old, Ni, Initiator, 7, muchLater));
        Assert.True(cookies.Verify(fresh, Ni, Initiator, 7, muchLater));
        Assert.Equal(2, cookies.Rotations);
    }

    [Fact]
    public void After_a_long_idle_time_the_old_secret_is_not_kept()
    {
        using var cookies = new CookieGenerator(new SeededRandomSource(4), TimeSpan.FromMinutes(2));
        var old = cookies.Create(Ni, Initiator, 7, T0);
        Assert.False(cookies.Verify(old, Ni, Initiator, 7, T0 + TimeSpan.FromHours(1)));
    }
}
