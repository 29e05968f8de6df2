using DotSwan.Crypto;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.Proposals.Ikev1;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Tests.Captures;

public class CaptureProposalTests
{
    [Fact]
    public void Psk_IKE_SA_INIT_request_SA_is_the_configured_proposal()
    {
        var first = PcapFile.ReadUdp(PcapFile.PathOf("psk.pcap")).Where(d => d.IsIke).ToList()[0];
        var offered = Ikev2SaReader.ReadProposals(first.IkeMessage.Span);
        Assert.NotNull(offered);
        var proposal = Assert.Single(offered);
        Assert.Equal(ProposalProtocol.Ike, proposal.Protocol);
        Assert.True(CryptoSuite.TryFromOffered(proposal, out var suite, out var skipped, out var error), error.Message);
        Assert.Empty(skipped);
        Assert.Equal("aes256gcm16-prfsha256-x25519", suite!.ToProposalString());
        Assert.Equal("IKE:AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519", suite.ToString());
    }

    [Fact]
    public void Psk_responder_choice_is_what_our_selector_chooses_and_passes_the_initiator_check()
    {
        var datagrams = PcapFile.ReadUdp(PcapFile.PathOf("psk.pcap")).Where(d => d.IsIke).ToList();
        var request = Ikev2SaReader.ReadProposals(datagrams[0].IkeMessage.Span)!;
        var response = Ikev2SaReader.ReadProposals(datagrams[1].IkeMessage.Span)!;
        var configured = ProposalParser.ParseList("aes256gcm16-prfsha256-x25519", ProposalProtocol.Ike);

        var selection = ProposalSelector.Select(configured, request, peerKeyExchange: KeyExchangeMethod.Curve25519);
        Assert.True(selection.IsSuccess, selection.Reason);
        var check = ProposalSelector.CheckResponse(configured, Assert.Single(response));
        Assert.True(check.IsSuccess, check.Reason);
        Assert.Equal(selection.Selected, check.Selected);
    }

    [Fact]
    public void Ikev1_Main_Mode_SA_converts_to_the_lab_proposal()
    {
        var first = PcapFile.ReadUdp(PcapFile.PathOf("ikev1.pcap")).Where(d => d.IsIke).ToList()[0];
        Assert.True(IsakmpMessageCodec.TryDecode(first.IkeMessage, out var message, out var error), error.ToString());
        var sa = Assert.IsType<SecurityAssociationPayload>(message.Payloads[0]);
        var transform = Assert.Single(Assert.Single(sa.Proposals).Transforms);

        Assert.True(Ikev1ProposalConverter.TryFromPhase1Transform(transform, out var phase1, out var reason), reason);
        Assert.Equal("aes128-sha256-modp2048", phase1!.ToSuite().ToProposalString());
        Assert.Equal("IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048", phase1.ToSuite().ToString());
        Assert.Equal(Ikev1AuthMethod.PreSharedKey, phase1.AuthMethod);
        Assert.Equal(TimeSpan.FromSeconds(15840), phase1.Lifetime);

        // Our own encoding of the same transform reproduces strongSwan's attributes (order included).
        Assert.Equal(transform, Ikev1ProposalConverter.ToPhase1Transform(phase1, transform.Number));
    }

    [Fact]
    public void Ikev1_Main_Mode_SA_is_accepted_by_a_matching_configuration_and_refused_by_another()
    {
        var first = PcapFile.ReadUdp(PcapFile.PathOf("ikev1.pcap")).Where(d => d.IsIke).ToList()[0];
        Assert.True(IsakmpMessageCodec.TryDecode(first.IkeMessage, out var message, out _));
        var sa = (SecurityAssociationPayload)message.Payloads[0];

        var ours = Ikev1ProposalConverter.ToPhase1Transforms(
            ProposalParser.ParseList("aes128-sha256-modp2048", ProposalProtocol.Ike), Ikev1AuthMethod.PreSharedKey, TimeSpan.FromHours(5));
        var accepted = Ikev1ProposalSelector.SelectPhase1(ours, sa);
        Assert.True(accepted.IsSuccess, accepted.Reason);
        Assert.Equal(TimeSpan.FromSeconds(15840), accepted.Lifetime);
        Assert.False(accepted.LifetimeReduced);

        var other = Ikev1ProposalConverter.ToPhase1Transforms(
            ProposalParser.ParseList("aes256-sha256-modp2048", ProposalProtocol.Ike), Ikev1AuthMethod.PreSharedKey, TimeSpan.FromHours(4));
        var refused = Ikev1ProposalSelector.SelectPhase1(other, sa);
        Assert.False(refused.IsSuccess);
        Assert.Contains("peer offered aes128-sha256-modp2048", refused.Reason);
        Assert.Contains("we accept aes256-sha256-modp2048", refused.Reason);
    }
}
