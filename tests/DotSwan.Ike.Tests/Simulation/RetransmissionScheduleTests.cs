using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;

namespace DotSwan.Ike.Tests.Simulation;

public sealed class RetransmissionScheduleTests
{
    [Fact]
    public void Silent_peer_gets_strongswans_schedule_then_the_initiator_gives_up()
    {
        using var pair = new EnginePair(conditions: NetworkConditions.BlackHole);
        var id = pair.Initiate();
        pair.Network.Run(TimeSpan.FromHours(1));

        var sends = pair.Network.Sent.Where(s => s.From == "moon").ToList();
        Assert.Equal(6, sends.Count); // the request and 5 retransmissions (strongSwan retransmit_tries = 5)
        Assert.All(sends, s => Assert.Equal(sends[0].Datagram, s.Datagram));
        var intervals = sends.Zip(sends.Skip(1), (a, b) => (b.Time - a.Time).TotalSeconds).ToList();
        // strongSwan defaults: retransmit_timeout 4 s, retransmit_base 1.8: 4, 7.2, 12.96, 23.328, 41.9904 s.
        double[] expected = [4, 7.2, 12.96, 23.328, 41.9904];
        Assert.Equal(expected.Length, intervals.Count);
        for (int i = 0; i < expected.Length; i++) { Assert.Equal(expected[i], intervals[i], 3); }

        var failure = pair.Moon.Outputs.Single(o => o.Output is IkeSaFailed);
        var failed = (IkeSaFailed)failure.Output;
        Assert.Equal(IkeSaFailureKind.PeerNotResponding, failed.Kind);
        Assert.Equal(id, failed.IkeSa);
        Assert.Contains("not responding after 5 retransmits", failed.Reason, StringComparison.Ordinal);
        // The last wait is 4 * 1.8^5 = 75.58272 s.
        Assert.Equal(75.58272, (failure.Time - sends[^1].Time).TotalSeconds, 3);
        Assert.Equal(5, pair.Moon.Engine.Counters.RequestsRetransmitted);
    }

    [Fact]
    public void Custom_schedule_is_honoured()
    {
        using var pair = new EnginePair(conditions: NetworkConditions.BlackHole);
        var connection = pair.MoonConnection with { Retransmission = new RetransmissionSettings(TimeSpan.FromSeconds(1), 2, 2) };
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.Initiate(connection, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromHours(1));
        var times = pair.Network.Sent.Select(s => (s.Time - SimulatedNetwork.Epoch).TotalSeconds).ToList();
        Assert.Equal([0, 1, 3], times);
        var failure = pair.Moon.Outputs.Single(o => o.Output is IkeSaFailed);
        Assert.Equal(7, (failure.Time - SimulatedNetwork.Epoch).TotalSeconds, 3);
    }

    [Fact]
    public void Lost_ike_auth_response_is_recovered_by_retransmission_and_the_cache()
    {
        using var pair = new EnginePair();
        pair.Initiate();
        // Let IKE_SA_INIT through, then drop the responder's first IKE_AUTH answer.
        pair.Network.Run(TimeSpan.FromMilliseconds(25));
        Assert.Equal(IkeSaState.AuthSent, pair.Moon.Engine.GetState(pair.Moon.Engine.IkeSas.Single()));
        // The IKE_AUTH request is already in flight and arrives; the answer is sent into a black hole.
        pair.Network.Conditions = NetworkConditions.BlackHole;
        pair.Network.Run(TimeSpan.FromMilliseconds(20));
        Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        Assert.Empty(pair.Moon.Of<IkeSaEstablished>());
        pair.Network.Conditions = NetworkConditions.Perfect;
        pair.Network.Run(TimeSpan.FromMinutes(1));
        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Equal(1, pair.Moon.Engine.Counters.RequestsRetransmitted);
        Assert.Equal(1, pair.Sun.Engine.Counters.RetransmittedRequestsAnswered);
    }
}
