using System.Net;
using System.Text;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.LoadTester;
using Xunit;

namespace DotSwan.Ike.Tests.Load;

/// <summary>The load tool's initiator against an in-process responder engine, datagrams handed over directly.</summary>
public sealed class LoadInitiatorTests
{
    private static readonly IPEndPoint Initiator = new(IPAddress.Parse("192.0.2.1"), 500);
    private static readonly IPEndPoint Responder = new(IPAddress.Parse("192.0.2.2"), 500);

    [Theory]
    [InlineData("aes128gcm16-prfsha256-x25519")]
    [InlineData("aes256-sha256-modp2048")]
    public void EstablishesEveryIkeSaWithItsChildSa(string ikeProposal)
    {
        using var psk = SecretBytes.CopyOf(Encoding.UTF8.GetBytes("load-test-pre-shared-key-0123456789"));
        var ike = ProposalParser.ParseList(ikeProposal, ProposalProtocol.Ike);
        var esp = ProposalParser.ParseList("aes128gcm16", ProposalProtocol.Esp);
        var responderConnection = new Ikev2Connection("load", Responder, new IPEndPoint(IPAddress.Any, 500), IkeIdentity.Parse("b.lab.example"),
            IkeIdentity.Any, psk, ike, esp, [TrafficSelector.FromSubnet(IPAddress.Parse("10.2.0.0"), 16)],
            [TrafficSelector.FromSubnet(IPAddress.Parse("10.1.0.0"), 16)]);
        using var responder = new Ikev2Engine([responderConnection], new SeededRandomSource(7), options: new Ikev2EngineOptions(CookieThreshold: 1000));
        using var initiator = new LoadInitiator(new LoadSettings(Initiator, Responder, 20, 4, ikeProposal, "aes128gcm16", "b.lab.example", psk));

        var now = DateTimeOffset.UnixEpoch;
        var toResponder = new List<SendDatagram>();
        int responderChildSas = 0;
        initiator.Fill(now, toResponder);
        // Bounded: 20 handshakes take 2 round trips each; 200 rounds is far more than enough.
        for (int round = 0; round < 200 && !initiator.Done; round++)
        {
            var toInitiator = new List<SendDatagram>();
            foreach (var request in toResponder)
            {
                foreach (var output in responder.Receive(request.Datagram.Span, request.Remote, request.Local, now))
                {
                    if (output is SendDatagram send) { toInitiator.Add(send); }
                    if (output is ChildSaEstablished) { responderChildSas++; }
                }
            }
            toResponder.Clear();
            foreach (var response in toInitiator)
            {
                initiator.Receive(response.Datagram.Span, response.Remote, response.Local, now, toResponder);
            }
            initiator.Fill(now, toResponder);
            now += TimeSpan.FromMilliseconds(1);
        }

        Assert.True(initiator.Done);
        Assert.Equal(20, initiator.Established);
        Assert.Equal(0, initiator.Failed);
        Assert.Equal(20, responderChildSas);
    }

    [Theory]
    [InlineData("aes256-sha256-modp2048")]
    [InlineData("aes128-sha256-ecp256")]
    public void Ikev1EstablishesEveryIsakmpSaWithOneQuickModeAndTheResponderKeepsThemAll(string ikeProposal)
    {
        using var psk = SecretBytes.CopyOf(Encoding.UTF8.GetBytes("load-test-pre-shared-key-0123456789"));
        var ike = ProposalParser.ParseList(ikeProposal, ProposalProtocol.Ike);
        var esp = ProposalParser.ParseList("aes128-sha256", ProposalProtocol.Esp);
        var responderConnection = new Ikev1Connection("load", Responder, new IPEndPoint(IPAddress.Any, 500), IkeIdentity.Parse("b.lab.example"),
            IkeIdentity.Any, psk, ike, esp, [TrafficSelector.FromSubnet(IPAddress.Parse("10.2.0.0"), 16)],
            [TrafficSelector.FromSubnet(IPAddress.Parse("10.1.0.0"), 16)]);
        using var responder = new Ikev1Engine([responderConnection], new SeededRandomSource(7));
        using var initiator = new LoadInitiator(new LoadSettings(Initiator, Responder, 20, 4, ikeProposal, "aes128-sha256", "b.lab.example", psk, Version: 1));

        var now = DateTimeOffset.UnixEpoch;
        var toResponder = new List<SendDatagram>();
        int responderChildSas = 0, responderDeletes = 0;
        initiator.Fill(now, toResponder);
        // Bounded: Main Mode + Quick Mode take 5 round trips each; 200 rounds is far more than enough.
        for (int round = 0; round < 200 && !initiator.Done; round++)
        {
            var toInitiator = new List<SendDatagram>();
            foreach (var request in toResponder)
            {
                foreach (var output in responder.Receive(request.Datagram.Span, request.Remote, request.Local, now))
                {
                    if (output is SendDatagram send) { toInitiator.Add(send); }
                    if (output is ChildSaEstablished) { responderChildSas++; }
                    if (output is IkeSaDeleted or DeleteChildSa) { responderDeletes++; }
                }
            }
            toResponder.Clear();
            foreach (var response in toInitiator)
            {
                initiator.Receive(response.Datagram.Span, response.Remote, response.Local, now, toResponder);
            }
            initiator.Fill(now, toResponder);
            now += TimeSpan.FromMilliseconds(1);
        }

        Assert.True(initiator.Done, $"established={initiator.Established} failed={initiator.Failed} {initiator.FirstFailure} responder={responderChildSas} deletes={responderDeletes}");
        Assert.Equal(20, initiator.Established);
        Assert.Equal(0, initiator.Failed);
        Assert.Equal(20, responderChildSas);
        // Every initiator sends INITIAL-CONTACT from the same address, but each under its own identity: none replaces another.
        Assert.Equal(0, responderDeletes);
        Assert.Equal(20, responder.IkeSas.Count(id => responder.GetState(id) == IsakmpSaState.Established));
    }
}
