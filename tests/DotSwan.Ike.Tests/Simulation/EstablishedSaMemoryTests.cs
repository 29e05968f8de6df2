using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Tests.Simulation;

/// <summary>
/// An established IKE SA keeps only what later exchanges need (issue 6: memory per SA). The cached IKE_AUTH response
/// answers retransmissions while the peer may still send them, and is forgotten after.
/// </summary>
public sealed class EstablishedSaMemoryTests
{
    [Fact]
    public void ARetransmittedIkeAuthIsAnsweredFromTheCacheUntilThePeersRetransmissionsMustHaveEnded()
    {
        using var pair = new EnginePair();
        var id = pair.Initiate();
        pair.Network.Run(TimeSpan.FromSeconds(5));
        Assert.Equal(IkeSaState.Established, pair.Sun.Engine.GetState(id with { ResponderSpi = pair.Sun.Engine.IkeSas[0].ResponderSpi }));
        var authRequest = pair.Network.Sent.Last(s => s.From == "moon" && Ikev2Header.TryRead(s.Datagram, out var h)
            && h.ExchangeType == Ikev2ExchangeType.IkeAuth && !h.IsResponse).Datagram;

        // A minute later (within the peer's 165 s of retransmissions) the duplicate is answered again.
        pair.Network.RunFor(TimeSpan.FromMinutes(1));
        var again = pair.Sun.Receive(authRequest, EnginePair.MoonAddress, pair.Network.Now);
        Assert.Single(again.OfType<SendDatagram>());
        Assert.Equal(1, pair.Sun.Engine.Counters.RetransmittedRequestsAnswered);

        // After our schedule (165 s) and the margin, the cache is gone: the duplicate is dropped and counted.
        pair.Network.RunFor(TimeSpan.FromMinutes(4));
        var late = pair.Sun.Receive(authRequest, EnginePair.MoonAddress, pair.Network.Now);
        Assert.Empty(late.OfType<SendDatagram>());
        Assert.Equal(1, pair.Sun.Engine.Counters.RetransmittedRequestsAnswered);
        Assert.Equal(1, pair.Sun.Engine.Counters.OutOfWindowRequests);

        // The SA works on: a liveness check from moon is answered (its SK transforms are made again from the keys).
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.CheckLiveness(id with { ResponderSpi = pair.Sun.Engine.IkeSas[0].ResponderSpi }, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(5));
        Assert.Equal(IkeSaState.Established, pair.Moon.Engine.GetState(pair.Moon.Engine.IkeSas[0]));
        Assert.Equal(0, pair.Moon.Engine.Counters.RequestsRetransmitted);
    }
}
