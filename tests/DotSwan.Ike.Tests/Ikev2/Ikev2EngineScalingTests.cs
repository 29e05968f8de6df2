using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Tests.Simulation;

namespace DotSwan.Ike.Tests.Ikev2;

/// <summary>
/// Issue 6 asks for a responder whose cost per handshake stays flat up to 100,000 SAs: no call of the engine may visit
/// every SA it holds. These tests count the SAs the engine's timer queue visits (not time).
/// </summary>
public sealed class Ikev2EngineScalingTests
{
    private const int HeldSas = 100_000;

    [Fact]
    public void WithManySasHeldAHandshakeAndTimerCallsVisitOnlyTheSasConcerned()
    {
        using var pair = new EnginePair();
        var moon = pair.Moon.Engine;
        var sun = pair.Sun.Engine;
        var t0 = SimulatedNetwork.Epoch;
        // 100,000 IKE_SA_INIT requests that go nowhere: each SA waits for its first retransmission at t0 + 4 s.
        for (int i = 0; i < HeldSas; i++) { _ = moon.Initiate(pair.MoonConnection, t0); }
        Assert.Equal(HeldSas, moon.IkeSaCount);

        var now = t0 + TimeSpan.FromSeconds(1);
        long before = moon.TimerVisits;
        var toSun = new Queue<SendDatagram>(moon.Initiate(pair.MoonConnection, now, out var id).OfType<SendDatagram>());
        int moonCalls = 1;
        for (int round = 0; round < 10 && toSun.Count > 0; round++)
        {
            var send = toSun.Dequeue();
            foreach (var answer in sun.Receive(send.Datagram.Span, send.Remote, send.Local, now).OfType<SendDatagram>())
            {
                moonCalls++;
                foreach (var next in moon.Receive(answer.Datagram.Span, answer.Remote, answer.Local, now).OfType<SendDatagram>()) { toSun.Enqueue(next); }
            }
        }
        Assert.Equal(IkeSaState.Established, moon.GetState(id));
        // Each call updates the one SA it drove (and the initiate, IKE_SA_INIT response and IKE_AUTH response are 3 calls).
        Assert.Equal(3, moonCalls);
        Assert.InRange(moon.TimerVisits - before, 1, moonCalls);

        // Asking for the next deadline and a timer call with nothing due visit no SA.
        before = moon.TimerVisits;
        Assert.Equal(t0 + TimeSpan.FromSeconds(4), moon.NextDeadline);
        Assert.Empty(moon.OnTimer(now + TimeSpan.FromSeconds(1)));
        Assert.Equal(before, moon.TimerVisits);

        // Behaviour unchanged: when their deadline comes, every one of the waiting SAs retransmits, the established one does not.
        var retransmitted = moon.OnTimer(t0 + TimeSpan.FromSeconds(4)).OfType<SendDatagram>().Count();
        Assert.Equal(HeldSas, retransmitted);
        Assert.Equal(IkeSaState.Established, moon.GetState(id));
        Assert.Equal(t0 + TimeSpan.FromSeconds(4) + RetransmissionSettings.Default.WaitAfter(1), moon.NextDeadline);
    }

    [Fact]
    public void LingeringSasAreForgottenWhenTheirTimeComesWithoutVisitingTheOthers()
    {
        using var pair = new EnginePair();
        var moon = pair.Moon.Engine;
        var t0 = SimulatedNetwork.Epoch;
        for (int i = 0; i < 1000; i++) { _ = moon.Initiate(pair.MoonConnection, t0); }
        // Give up on all of them: after the retransmissions they fail and linger, then are forgotten.
        var now = t0;
        for (int step = 0; step < 20 && moon.NextDeadline is { } next; step++)
        {
            now = next;
            _ = moon.OnTimer(now);
        }
        Assert.Equal(0, moon.IkeSaCount);
        Assert.Equal(1000, moon.ForgottenIkeSas);
        Assert.Null(moon.NextDeadline);
    }
}
