using System.Net;
using DotSwan.Ipsec.Backends.Tun;

namespace DotSwan.Ipsec.Tests.Tun;

public sealed class IpPrefixTests
{
    [Theory]
    [InlineData("10.2.0.0/24", "10.2.0.1", true)]
    [InlineData("10.2.0.0/24", "10.2.0.255", true)]
    [InlineData("10.2.0.0/24", "10.2.1.1", false)]
    [InlineData("10.2.0.0/24", "10.1.0.1", false)]
    [InlineData("10.2.0.1", "10.2.0.1", true)]
    [InlineData("10.2.0.1", "10.2.0.2", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("::/0", "2001:db9::1", true)]
    public void Contains_matches_the_leading_bits_of_one_family(string prefix, string address, bool expected)
    {
        Assert.Equal(expected, IpPrefix.Parse(prefix).Contains(PacketAddress.FromIPAddress(IPAddress.Parse(address))));
    }

    [Fact]
    public void Longest_prefix_wins_in_the_static_policy()
    {
        var (outbound, inbound) = TestSas.Pair(DotSwan.Crypto.EncryptionAlgorithm.AesGcm16, 128, DotSwan.Crypto.IntegrityAlgorithm.None);
        using var wide = outbound;
        using var inboundSa = inbound;
        var (narrowSa, inbound2) = TestSas.Pair(DotSwan.Crypto.EncryptionAlgorithm.AesGcm16, 128, DotSwan.Crypto.IntegrityAlgorithm.None, spi: 0xc0ffee02);
        using var narrow = narrowSa;
        using var inboundSa2 = inbound2;
        var peer = new IPEndPoint(IPAddress.Parse("192.0.2.2"), 4500);
        var policy = new StaticOutboundPolicy([
            new OutboundRoute(IpPrefix.Parse("10.0.0.0/8"), wide, peer),
            new OutboundRoute(IpPrefix.Parse("10.2.0.0/24"), narrow, peer),
        ]);
        var source = PacketAddress.FromIPAddress(IPAddress.Parse("10.1.0.1"));

        Assert.True(policy.TryFind(source, PacketAddress.FromIPAddress(IPAddress.Parse("10.2.0.1")), out var route));
        Assert.Same(narrow, route!.SecurityAssociation);
        Assert.True(policy.TryFind(source, PacketAddress.FromIPAddress(IPAddress.Parse("10.3.0.1")), out route));
        Assert.Same(wide, route!.SecurityAssociation);
        Assert.False(policy.TryFind(source, PacketAddress.FromIPAddress(IPAddress.Parse("192.0.2.9")), out _));
    }
}
