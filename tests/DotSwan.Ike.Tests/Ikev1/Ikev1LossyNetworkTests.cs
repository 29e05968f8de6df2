using DotSwan.Ike.Engine;
using DotSwan.Ike.Tests.Simulation;

namespace DotSwan.Ike.Tests.Ikev1;

public sealed class Ikev1LossyNetworkTests
{
    private static readonly NetworkConditions Lossy = new(Loss: 0.2, Duplication: 0.2, MaxExtraDelay: TimeSpan.FromMilliseconds(300));

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 30)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Main_and_quick_mode_establish_despite_loss_duplication_and_reordering(int seed)
    {
        using var pair = new Ikev1EnginePair(seed, Lossy);
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(10));

        Assert.Empty(pair.Moon.Of<IkeSaFailed>());
        Assert.Empty(pair.Sun.Of<IkeSaFailed>());
        var moon = Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        var sun = Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        Assert.Equal(moon.IkeSa, sun.IkeSa);
        Assert.Single(pair.Moon.Of<InstallChildSa>());
        Assert.Single(pair.Sun.Of<InstallChildSa>());
        pair.AssertKeysCrossCheck();
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Aggressive_mode_establishes_despite_loss_duplication_and_reordering(int seed)
    {
        using var pair = new Ikev1EnginePair(seed, Lossy, configureMoon: c => c with { AggressiveMode = true }, configureSun: c => c with { AggressiveMode = true });
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(10));

        var moon = pair.Moon.Of<IkeSaEstablished>().Last();
        Assert.Contains(pair.Sun.Of<IkeSaEstablished>(), e => e.IkeSa == moon.IkeSa);
        Assert.NotEmpty(pair.Moon.Of<InstallChildSa>());
        Assert.Single(Ikev1EnginePair.LiveChildren(pair.Moon));
        pair.AssertKeysCrossCheck();
    }

    [Fact]
    public void Across_seeds_messages_are_retransmitted_and_repeated_messages_answered_again()
    {
        long retransmitted = 0, answeredAgain = 0, established = 0;
        foreach (int seed in Enumerable.Range(1, 30))
        {
            using var pair = new Ikev1EnginePair(seed, Lossy);
            pair.Initiate();
            pair.Network.Run(TimeSpan.FromMinutes(10));
            retransmitted += pair.Moon.Ikev1Engine.Counters.RequestsRetransmitted + pair.Sun.Ikev1Engine.Counters.RequestsRetransmitted;
            answeredAgain += pair.Sun.Ikev1Engine.Counters.RetransmittedRequestsAnswered + pair.Moon.Ikev1Engine.Counters.RetransmittedRequestsAnswered;
            established += pair.Sun.Of<InstallChildSa>().Count();
        }
        Assert.True(retransmitted > 0, "nothing was ever retransmitted");
        Assert.True(answeredAgain > 0, "no repeated message was answered again");
        Assert.Equal(30, established);
    }

    [Fact]
    public void A_silent_peer_fails_phase_1_after_the_retransmission_schedule()
    {
        using var pair = new Ikev1EnginePair(conditions: NetworkConditions.BlackHole);
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(10));

        var failed = Assert.Single(pair.Moon.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.PeerNotResponding, failed.Kind);
        Assert.Contains("UDP 500/4500", failed.Reason, StringComparison.Ordinal);
        // The first message and five retransmissions.
        Assert.Equal(6, pair.Network.Sent.Count);
        Assert.Empty(pair.Moon.Ikev1Engine.IkeSas);
    }
}
