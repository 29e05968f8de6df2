using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ike.Tests.Simulation;

namespace DotSwan.Ike.Tests.Ikev1;

public sealed class Ikev1QuickModeTests
{
    [Theory]
    [InlineData("moon")]
    [InlineData("sun")]
    public void The_commit_bit_set_by_either_side_is_tolerated(string setter)
    {
        using var pair = new Ikev1EnginePair();
        // Header byte 19 holds the flags; exchange type 32 is Quick Mode.
        pair.Network.Rewrite = (from, bytes) =>
        {
            if (from == setter && bytes.Length > 28 && bytes[18] == 32) { bytes[19] |= 0x02; }
            return bytes;
        };
        pair.Establish();

        Assert.Single(pair.Moon.Of<InstallChildSa>());
        Assert.Single(pair.Sun.Of<InstallChildSa>());
        pair.AssertKeysCrossCheck();
    }

    [Fact]
    public void Range_and_host_identities_are_carried_as_ipv4_range_and_address_ids()
    {
        TrafficSelector.TryCreate(IPAddress.Parse("10.1.0.10"), IPAddress.Parse("10.1.0.20"), 0, 0, ushort.MaxValue, out var range, out _);
        var host = TrafficSelector.FromSubnet(IPAddress.Parse("10.2.0.5"), 32);
        using var pair = new Ikev1EnginePair(
            configureMoon: c => c with { LocalTrafficSelectors = [range!], RemoteTrafficSelectors = [host] },
            configureSun: c => c with { LocalTrafficSelectors = [TrafficSelector.FromSubnet(IPAddress.Parse("10.2.0.0"), 24)], RemoteTrafficSelectors = [TrafficSelector.FromSubnet(IPAddress.Parse("10.1.0.0"), 24)] });
        pair.Establish();

        var sun = Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Equal(range, Assert.Single(sun.RemoteTrafficSelectors));
        Assert.Equal(host, Assert.Single(sun.LocalTrafficSelectors));
        pair.AssertKeysCrossCheck();
    }

    [Fact]
    public void A_retransmitted_message_2_is_answered_again_with_the_same_message_3()
    {
        using var pair = new Ikev1EnginePair();
        int quickModeFromMoon = 0;
        // Drop the first message 3 (the initiator's second Quick Mode message): the responder retransmits message 2.
        pair.Network.Rewrite = (from, bytes) =>
        {
            if (from == "moon" && bytes[18] == 32 && ++quickModeFromMoon == 2) { return [.. bytes.Take(20)]; }
            return bytes;
        };
        pair.Establish();
        pair.Network.Run(TimeSpan.FromSeconds(30));

        Assert.Equal(1, pair.Moon.Ikev1Engine.Counters.RetransmittedRequestsAnswered);
        Assert.True(pair.Sun.Ikev1Engine.Counters.RequestsRetransmitted >= 1);
        Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Empty(pair.Sun.Of<DotSwan.Ike.Ikev1.QuickModeFailed>());
    }

    [Fact]
    public void The_same_seed_gives_the_same_run()
    {
        static List<string> Run()
        {
            using var pair = new Ikev1EnginePair(7, new NetworkConditions(0.2, 0.2, TimeSpan.FromMilliseconds(300)));
            pair.Initiate();
            pair.Network.Run(TimeSpan.FromMinutes(10));
            return [.. pair.Network.Sent.Select(s => $"{s.Time:O} {s.From} {s.Datagram.Length} {Convert.ToHexString(s.Datagram.AsSpan(0, 28))}")];
        }
        Assert.Equal(Run(), Run());
    }
}
