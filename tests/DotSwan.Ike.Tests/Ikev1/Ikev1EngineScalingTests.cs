using System.Net;
using System.Text;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;
using Xunit;

namespace DotSwan.Ike.Tests.Ikev1;

/// <summary>
/// With many ISAKMP SAs held, a handshake and the timer calls visit only the SAs they concern (the engine's timer queue
/// counts its visits; no timing), and the deadlines still come due from the queue (the half-open expiry among many SAs).
/// </summary>
public sealed class Ikev1EngineScalingTests : IDisposable
{
    private static readonly IPEndPoint Initiator = new(IPAddress.Parse("192.0.2.1"), 500);
    private static readonly IPEndPoint Responder = new(IPAddress.Parse("192.0.2.2"), 500);
    private readonly SecretBytes _psk = SecretBytes.CopyOf(Encoding.UTF8.GetBytes("scaling-test-pre-shared-key"));
    private readonly Ikev1Engine _responder;
    private readonly Ikev1Engine _initiator = new([], new SeededRandomSource(2));
    private DateTimeOffset _now = DateTimeOffset.UnixEpoch;

    public Ikev1EngineScalingTests()
    {
        _responder = new Ikev1Engine([Connection("any", Responder, new IPEndPoint(IPAddress.Any, 500), "b.lab.example", IkeIdentity.Any)],
            new SeededRandomSource(1));
    }

    [Fact]
    public void A_handshake_and_timer_calls_visit_only_the_sas_they_concern()
    {
        const int held = 300;
        for (int i = 0; i < held; i++) { Start(i); }
        Pump();
        Assert.Equal(held, EstablishedAtResponder());

        long before = _responder.TimerVisits;
        Start(held);
        Pump();
        long perHandshake = _responder.TimerVisits - before;
        Assert.Equal(held + 1, EstablishedAtResponder());
        // 5 messages in, a few SAs touched per message; a scan of every SA would visit at least 300 per message.
        Assert.InRange(perHandshake, 1, 30);

        before = _responder.TimerVisits;
        var next = _responder.NextDeadline;
        Assert.NotNull(next);
        Assert.Empty(_responder.OnTimer(_now));
        Assert.Equal(before, _responder.TimerVisits);
    }

    [Fact]
    public void Deadlines_from_the_queue_still_come_due_among_many_sas()
    {
        for (int i = 0; i < 50; i++) { Start(i); }
        Pump();
        // A half-open SA: message 1 from a peer that then goes silent. Its half-open timeout is the earliest deadline.
        var first = _initiator.Initiate(Connection("silent", Initiator, Responder, "silent.lab.example", IkeIdentity.Parse("b.lab.example")), _now)
            .OfType<SendDatagram>().Single();
        var reply = _responder.Receive(first.Datagram.Span, Responder, Initiator, _now).OfType<SendDatagram>().Single();
        Assert.NotNull(reply);
        var halfOpenDue = _now + Ikev1EngineSettings.Default.HalfOpenTimeout;
        Assert.True(_responder.NextDeadline <= halfOpenDue);

        // Walk the clock by the responder's own deadlines (bounded) until it gives up on the half-open SA.
        IkeSaFailed? failed = null;
        for (int step = 0; step < 100 && failed is null && _responder.NextDeadline is { } at && at <= halfOpenDue; step++)
        {
            _now = at;
            var outputs = _responder.OnTimer(_now);
            failed = outputs.OfType<IkeSaFailed>().FirstOrDefault();
        }
        Assert.NotNull(failed);
        Assert.Equal(IkeSaFailureKind.PeerNotResponding, failed.Kind);
        Assert.Contains("not completed within", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(50, EstablishedAtResponder());
    }

    [Fact]
    public void The_initiator_cookies_held_are_known_without_a_scan_until_the_sa_is_forgotten()
    {
        for (int i = 0; i < 20; i++) { Start(i); }
        Pump();
        var ids = _responder.IkeSas;
        Assert.Equal(20, ids.Count);
        Assert.All(ids, id => Assert.True(_responder.HoldsInitiatorCookie(id.InitiatorSpi)));
        Assert.All(ids, id => Assert.True(_initiator.HoldsInitiatorCookie(id.InitiatorSpi)));
        Assert.DoesNotContain(ids, id => _responder.HoldsInitiatorCookie(id.ResponderSpi));

        // Deleted, then forgotten once its linger time has passed.
        var gone = ids[0];
        _responder.Delete(gone, _now);
        Assert.True(_responder.HoldsInitiatorCookie(gone.InitiatorSpi));
        _now += Ikev1EngineSettings.Default.Linger + TimeSpan.FromSeconds(1);
        _responder.OnTimer(_now);
        Assert.False(_responder.HoldsInitiatorCookie(gone.InitiatorSpi));
        Assert.True(_responder.HoldsInitiatorCookie(ids[1].InitiatorSpi));
    }

    private void Start(int index)
    {
        _pending.AddRange(_initiator.Initiate(Connection($"load-{index}", Initiator, Responder, $"load-{index}.lab.example",
            IkeIdentity.Parse("b.lab.example")), _now).OfType<SendDatagram>());
    }

    private readonly List<SendDatagram> _pending = [];

    // Moves datagrams both ways until none is left (bounded: a handshake takes 5 round trips).
    private void Pump()
    {
        for (int round = 0; round < 50 && _pending.Count > 0; round++)
        {
            var toInitiator = new List<SendDatagram>();
            foreach (var request in _pending)
            {
                toInitiator.AddRange(_responder.Receive(request.Datagram.Span, request.Remote, request.Local, _now).OfType<SendDatagram>());
            }
            _pending.Clear();
            foreach (var response in toInitiator)
            {
                _pending.AddRange(_initiator.Receive(response.Datagram.Span, response.Remote, response.Local, _now).OfType<SendDatagram>());
            }
        }
        Assert.Empty(_pending);
    }

    private int EstablishedAtResponder() => _responder.IkeSas.Count(id => _responder.GetState(id) == IsakmpSaState.Established);

    private Ikev1Connection Connection(string name, IPEndPoint local, IPEndPoint remote, string localId, IkeIdentity remoteId) =>
        new(name, local, remote, IkeIdentity.Parse(localId), remoteId, _psk,
            ProposalParser.ParseList("aes128-sha256-ecp256", ProposalProtocol.Ike), ProposalParser.ParseList("aes128-sha256", ProposalProtocol.Esp),
            [TrafficSelector.FromSubnet(IPAddress.Parse(local == Responder ? "10.2.0.0" : "10.1.0.0"), 16)],
            [TrafficSelector.FromSubnet(IPAddress.Parse(local == Responder ? "10.1.0.0" : "10.2.0.0"), 16)]);

    public void Dispose()
    {
        _responder.Dispose();
        _initiator.Dispose();
        _psk.Dispose();
    }
}
