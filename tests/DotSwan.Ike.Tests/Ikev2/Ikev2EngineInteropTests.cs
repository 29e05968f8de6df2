using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Ikev2Wire;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.Tests.Simulation;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Tests.Ikev2;

/// <summary>Interop sanity without a network: our messages decode as IKEv2, and strongSwan's real IKE_SA_INIT is accepted.</summary>
public sealed class Ikev2EngineInteropTests
{
    [Theory]
    [InlineData("aes256gcm16-prfsha256-x25519")]
    [InlineData("aes256gcm16-prfsha256-x25519-ecp256,aes128-sha256-modp2048")]
    public void First_request_decodes_and_carries_the_configured_proposals(string ike)
    {
        using var pair = new EnginePair(moonIke: ike);
        var id = pair.Initiate();
        var datagram = Assert.IsType<SendDatagram>(Assert.Single(pair.Moon.Outputs).Output);
        Assert.Equal(EnginePair.SunAddress, datagram.Remote);
        Assert.True(Ikev2MessageCodec.TryDecode(datagram.Datagram.Span, out var message, out var error), error.ToString());

        var header = message!.Header;
        Assert.Equal(id.InitiatorSpi, header.InitiatorSpi);
        Assert.Equal(0ul, header.ResponderSpi);
        Assert.Equal(Ikev2ExchangeType.IkeSaInit, header.ExchangeType);
        Assert.Equal(Ikev2HeaderFlags.Initiator, header.Flags);
        Assert.Equal(0u, header.MessageId);
        Assert.Equal((2, 0), (header.MajorVersion, header.MinorVersion));

        var sa = message.Payloads.OfType<SecurityAssociationPayload>().Single();
        var offered = Ikev2PayloadConverter.FromWire(sa);
        Assert.Equal(pair.MoonConnection.IkeProposals.Count, offered.Count);
        for (int i = 0; i < offered.Count; i++)
        {
            Assert.Equal(i + 1, offered[i].Number);
            Assert.True(offered[i].Spi.IsEmpty);
            Assert.True(CryptoSuite.TryFromOffered(offered[i], out var suite, out var skipped, out _));
            Assert.Empty(skipped);
            Assert.Equal(pair.MoonConnection.IkeProposals[i], suite);
        }
        Assert.Equal(ike, string.Join(",", offered.Select(o => { CryptoSuite.TryFromOffered(o, out var s, out _, out _); return s!.ToProposalString(); })));

        var ke = message.Payloads.OfType<KeyExchangePayload>().Single();
        var firstGroup = pair.MoonConnection.IkeProposals[0].KeyExchange[0];
        Assert.Equal((ushort)firstGroup, ke.Group);
        Assert.True(TransformRegistry.Default.TryGetKeyExchangeLengths(firstGroup, out int initiatorLength, out _));
        Assert.Equal(initiatorLength, ke.Data.Length);
        Assert.Equal(32, message.Payloads.OfType<NoncePayload>().Single().Data.Length);

        var notifies = message.Payloads.OfType<NotifyPayload>().ToDictionary(n => n.NotifyType);
        Assert.Equal(NatDetection.Compute(id.InitiatorSpi, 0, EnginePair.MoonAddress), notifies[NotifyType.NatDetectionSourceIp].Data.ToArray());
        Assert.Equal(NatDetection.Compute(id.InitiatorSpi, 0, EnginePair.SunAddress), notifies[NotifyType.NatDetectionDestinationIp].Data.ToArray());
        Assert.True(notifies[NotifyType.Ikev2FragmentationSupported].Data.IsEmpty);
        Assert.Equal(Convert.FromHexString("0002000300040005"), notifies[NotifyType.SignatureHashAlgorithms].Data.ToArray());
    }

    [Fact]
    public void Nat_detection_hash_matches_strongswans()
    {
        var first = StrongSwanRequest(out var message);
        var notifies = message.Payloads.OfType<NotifyPayload>().ToList();
        var source = notifies.Single(n => n.NotifyType == NotifyType.NatDetectionSourceIp);
        var destination = notifies.Single(n => n.NotifyType == NotifyType.NatDetectionDestinationIp);
        // strongSwan bound to %any hashes a random stand-in source (its charon log, psk-initiator.charon.log lines
        // 39-41, shows the hashed chunk: SPIi | 0 | 110.189.98.108 | port 0); the destination is the real 192.0.2.2:500.
        Assert.Equal(source.Data.ToArray(),
            NatDetection.Compute(message.Header.InitiatorSpi, 0, new IPEndPoint(IPAddress.Parse("110.189.98.108"), 0)));
        Assert.NotEqual(source.Data.ToArray(),
            NatDetection.Compute(message.Header.InitiatorSpi, 0, new IPEndPoint(first.Source, first.SourcePort)));
        Assert.Equal(destination.Data.ToArray(),
            NatDetection.Compute(message.Header.InitiatorSpi, 0, new IPEndPoint(first.Destination, first.DestinationPort)));
    }

    [Fact]
    public void Responder_answers_strongswans_ike_sa_init_request()
    {
        var first = StrongSwanRequest(out var request);
        using var pair = new EnginePair(sunIke: "aes256gcm16-prfsha256-x25519");
        var local = new IPEndPoint(first.Destination, first.DestinationPort);
        var remote = new IPEndPoint(first.Source, first.SourcePort);
        var outputs = pair.Sun.Engine.Receive(first.IkeMessage.Span, local, remote, SimulatedNetwork.Epoch);

        var send = Assert.Single(outputs.OfType<SendDatagram>());
        Assert.Empty(outputs.OfType<IkeSaFailed>());
        Assert.Equal(remote, send.Remote);
        Assert.True(Ikev2MessageCodec.TryDecode(send.Datagram.Span, out var response, out var error), error.ToString());
        Assert.Equal(request.Header.InitiatorSpi, response!.Header.InitiatorSpi);
        Assert.NotEqual(0ul, response.Header.ResponderSpi);
        Assert.Equal(Ikev2HeaderFlags.Response, response.Header.Flags);
        Assert.Equal(Ikev2ExchangeType.IkeSaInit, response.Header.ExchangeType);
        Assert.DoesNotContain(response.Payloads.OfType<NotifyPayload>(), n => (ushort)n.NotifyType < 16384);

        var chosen = Assert.Single(Ikev2PayloadConverter.FromWire(response.Payloads.OfType<SecurityAssociationPayload>().Single()));
        var selection = ProposalSelector.CheckResponse(ProposalParser.ParseList("aes256gcm16-prfsha256-x25519", ProposalProtocol.Ike), chosen);
        Assert.True(selection.IsSuccess, selection.Reason);
        var requestSa = Ikev2PayloadConverter.FromWire(request.Payloads.OfType<SecurityAssociationPayload>().Single());
        Assert.Contains(requestSa, p => p.Number == chosen.Number);
        var ke = response.Payloads.OfType<KeyExchangePayload>().Single();
        Assert.Equal((ushort)KeyExchangeMethod.Curve25519, ke.Group);
        Assert.Equal(32, ke.Data.Length);
        Assert.InRange(response.Payloads.OfType<NoncePayload>().Single().Data.Length, 16, 256);
        var natSource = response.Payloads.OfType<NotifyPayload>().Single(n => n.NotifyType == NotifyType.NatDetectionSourceIp);
        Assert.Equal(NatDetection.Compute(request.Header.InitiatorSpi, response.Header.ResponderSpi, local), natSource.Data.ToArray());

        var id = new IkeSaId(request.Header.InitiatorSpi, response.Header.ResponderSpi);
        Assert.Equal(IkeSaState.SaInitResponded, pair.Sun.Engine.GetState(id));

        // strongSwan's retransmission of the same request is answered with the identical cached response.
        var again = pair.Sun.Engine.Receive(first.IkeMessage.Span, local, remote, SimulatedNetwork.Epoch.AddSeconds(1));
        Assert.Equal(send.Datagram.ToArray(), Assert.Single(again.OfType<SendDatagram>()).Datagram.ToArray());

        // Its IKE_AUTH was protected with keys from its own DH exchange with the real responder: addressed to our
        // SPI it must fail integrity, quietly (no answer, counted).
        var auth = PcapFile.ReadUdp(PcapFile.PathOf("psk.pcap")).Where(d => d.IsIke).ElementAt(2).IkeMessage.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(auth.AsSpan(8), response.Header.ResponderSpi);
        Assert.Empty(pair.Sun.Engine.Receive(auth, local, remote, SimulatedNetwork.Epoch.AddSeconds(2)));
        Assert.Equal(1, pair.Sun.Engine.Counters.DecryptionFailures);

        // Without IKE_AUTH the half-open SA is dropped after 30 s.
        var expired = pair.Sun.Engine.OnTimer(SimulatedNetwork.Epoch.AddSeconds(31));
        Assert.Equal(IkeSaFailureKind.PeerNotResponding, Assert.Single(expired.OfType<IkeSaFailed>()).Kind);
    }

    [Fact]
    public void Responder_with_other_proposals_rejects_strongswans_request_with_both_sides_named()
    {
        var first = StrongSwanRequest(out _);
        using var pair = new EnginePair(sunIke: "aes128-sha256-ecp256");
        var outputs = pair.Sun.Engine.Receive(first.IkeMessage.Span, new IPEndPoint(first.Destination, 500), new IPEndPoint(first.Source, 500),
            SimulatedNetwork.Epoch);
        var failed = Assert.Single(outputs.OfType<IkeSaFailed>());
        Assert.Contains("AES_GCM_16_256", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("AES_CBC_128", failed.Reason, StringComparison.Ordinal);
        Assert.True(Ikev2MessageCodec.TryDecode(Assert.Single(outputs.OfType<SendDatagram>()).Datagram.Span, out var answer, out _));
        Assert.Equal(NotifyType.NoProposalChosen, Assert.Single(answer!.Payloads.OfType<NotifyPayload>()).NotifyType);
        Assert.Empty(pair.Sun.Engine.IkeSas);
    }

    private static CapturedDatagram StrongSwanRequest(out Ikev2Message message)
    {
        var first = PcapFile.ReadUdp(PcapFile.PathOf("psk.pcap")).Where(d => d.IsIke).First();
        Assert.True(Ikev2MessageCodec.TryDecode(first.IkeMessage.Span, out var decoded, out var error), error.ToString());
        message = decoded!;
        return first;
    }
}
