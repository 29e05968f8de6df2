using DotSwan.Ike.Engine;

namespace DotSwan.Ike.Tests.Simulation;

public sealed class LossyNetworkTests
{
    private static readonly NetworkConditions Lossy = new(Loss: 0.2, Duplication: 0.2, MaxExtraDelay: TimeSpan.FromMilliseconds(300));

    // With 20% loss an exchange attempt succeeds with probability 0.64 and six attempts (the retransmit schedule) all
    // fail with probability 0.36^6 ≈ 0.2%: a seed could in principle give up, so the seeds are fixed (all 30 establish).
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 30)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Establishes_despite_loss_duplication_and_reordering(int seed)
    {
        using var pair = new EnginePair(seed, Lossy);
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(10));

        Assert.Empty(pair.Moon.Of<IkeSaFailed>());
        var moon = Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        var sun = Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        Assert.Equal(moon.IkeSa, sun.IkeSa);
        var moonChild = Assert.Single(pair.Moon.Of<InstallChildSa>());
        var sunChild = Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Equal(moonChild.Outbound.Spi, sunChild.Inbound.Spi);
        Assert.True(moonChild.Outbound.EncryptionKey.ReadOnlySpan.SequenceEqual(sunChild.Inbound.EncryptionKey.ReadOnlySpan));
        Assert.True(moonChild.Inbound.EncryptionKey.ReadOnlySpan.SequenceEqual(sunChild.Outbound.EncryptionKey.ReadOnlySpan));
        Assert.Empty(pair.Sun.Of<IkeSaFailed>());
        // Bounded virtual time: the whole retransmission schedule is under three minutes.
        Assert.True(pair.Moon.Outputs.Single(o => o.Output is IkeSaEstablished).Time - SimulatedNetwork.Epoch < TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void Across_seeds_retransmissions_happen_and_duplicates_are_answered_from_the_cache()
    {
        long retransmitted = 0, answeredFromCache = 0, strayResponses = 0, established = 0;
        foreach (int seed in Enumerable.Range(1, 30))
        {
            using var pair = new EnginePair(seed, Lossy);
            pair.Initiate();
            pair.Network.Run(TimeSpan.FromMinutes(10));
            retransmitted += pair.Moon.Engine.Counters.RequestsRetransmitted;
            answeredFromCache += pair.Sun.Engine.Counters.RetransmittedRequestsAnswered;
            strayResponses += pair.Moon.Engine.Counters.UnexpectedResponses;
            established += pair.Moon.Of<IkeSaEstablished>().Count();
        }
        Assert.True(retransmitted > 0, "no request was ever retransmitted");
        Assert.True(answeredFromCache > 0, "no retransmitted or duplicated request was answered from the response cache");
        Assert.True(strayResponses > 0, "no duplicated response was dropped");
        Assert.Equal(30, established);
    }

    // Key exchange private values come from the Crypto layer's own RNG, so payload bytes differ between runs;
    // everything the engine and the network decide (times, senders, SPIs, message IDs, sizes) must not.
    [Fact]
    public void Same_seed_gives_the_same_run()
    {
        static List<string> Run()
        {
            using var pair = new EnginePair(7, Lossy);
            pair.Initiate();
            pair.Network.Run(TimeSpan.FromMinutes(10));
            return [.. pair.Network.Sent.Select(s => $"{s.Time:O} {s.From} {s.Datagram.Length} {Convert.ToHexString(s.Datagram.AsSpan(0, 28))}")];
        }
        Assert.Equal(Run(), Run());
    }
}
