using System.Net;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev2Wire;
using DotSwan.Ike.Proposals;

using DotSwan.Ike.TrafficSelectors;
using DotSwan.Wire.Ikev2;
using IkeTrafficSelector = DotSwan.Ike.TrafficSelectors.TrafficSelector;

namespace DotSwan.Ike.Tests.Ikev2Wire;

public class Ikev2PayloadConverterTests
{
    [Fact]
    public void Psk_IKE_SA_INIT_SA_payload_through_the_wire_codec_is_the_configured_proposal_and_round_trips()
    {
        foreach (var datagram in PcapFile.ReadUdp(PcapFile.PathOf("psk.pcap")).Where(d => d.IsIke).ToList().Take(2))
        {
            Assert.True(Ikev2MessageCodec.TryDecode(datagram.IkeMessage.Span, out var message, out var error), error.ToString());
            var sa = message!.Payloads.OfType<SecurityAssociationPayload>().Single();
            var offered = Ikev2PayloadConverter.FromWire(sa);
            Assert.True(CryptoSuite.TryFromOffered(Assert.Single(offered), out var suite, out _, out _));
            Assert.Equal("aes256gcm16-prfsha256-x25519", suite!.ToProposalString());
            Assert.Equal(offered[0].Transforms, Ikev2PayloadConverter.FromWire(Ikev2PayloadConverter.ToWire(offered)).Single().Transforms);
        }
    }

    [Fact]
    public void Traffic_selectors_and_identities_round_trip()
    {
        var ts = TrafficSelectorParser.Parse("2001:db8::/48[tcp/443]");
        Assert.True(Ikev2PayloadConverter.TryFromWire(Ikev2PayloadConverter.ToWire(ts), out var back, out var reason), reason);
        Assert.Equal(ts, back);
        var bad = new DotSwan.Wire.Ikev2.TrafficSelector(TrafficSelectorType.Ipv4AddressRange, 0, 10, 5, IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2"));
        Assert.False(Ikev2PayloadConverter.TryFromWire(bad, out IkeTrafficSelector? _, out _));

        var id = IkeIdentity.Parse("C=CH, O=strongSwan, CN=moon");
        var payload = Ikev2PayloadConverter.ToWire(id, isInitiator: true);
        Assert.Equal(IdType.DerAsn1Dn, payload.IdType);
        Assert.True(Ikev2PayloadConverter.TryFromWire(payload, out var again, out _));
        Assert.Equal(id, again);
    }
}
