using DotSwan.Crypto;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.Proposals.Ikev1;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Tests.Proposals;

public class Ikev1ProposalConverterTests
{
    [Fact]
    public void Phase1_first_algorithms_per_proposal_like_strongswan_or_all_combinations()
    {
        var suites = ProposalParser.ParseList("aes256-aes128-sha256-sha1-modp2048-modp3072, aes256gcm16-prfsha256-x25519", ProposalProtocol.Ike);
        var first = Ikev1ProposalConverter.ToPhase1Transforms(suites, Ikev1AuthMethod.PreSharedKey, TimeSpan.FromHours(3));
        var only = Assert.Single(first);
        Assert.Equal("aes256-sha256-modp2048", only.ToSuite().ToProposalString());

        var all = Ikev1ProposalConverter.ToPhase1Transforms(suites, Ikev1AuthMethod.RsaSignature, TimeSpan.FromHours(3), allCombinations: true);
        Assert.Equal(8, all.Count);
        Assert.Equal("aes256-sha256-modp2048", all[0].ToSuite().ToProposalString());
        Assert.Equal("aes128-sha1-modp3072", all[^1].ToSuite().ToProposalString());
    }

    [Fact]
    public void Phase1_transforms_round_trip_through_the_wire_model_and_codec()
    {
        var transforms = Ikev1ProposalConverter.ToPhase1Transforms(
            ProposalParser.ParseList("aes256-sha512-ecp384, 3des-md5-modp1024, aes192-sha384-modp8192", ProposalProtocol.Ike),
            Ikev1AuthMethod.RsaSignature, TimeSpan.FromSeconds(100000));
        var proposal = Ikev1ProposalConverter.ToPhase1Proposal(transforms);
        Assert.Equal(IpsecProtocolId.Isakmp, proposal.ProtocolId);
        var header = new IsakmpHeader(1, 0, IsakmpPayloadType.SecurityAssociation, 1, 0, IsakmpExchangeType.IdentityProtection, 0, 0, 0);
        var message = IsakmpMessage.Clear(header, [new SecurityAssociationPayload(SecurityAssociationPayload.IpsecDoi, SecurityAssociationPayload.SituationIdentityOnly, [proposal])]);
        var bytes = new byte[IsakmpMessageCodec.GetEncodedLength(message)];
        IsakmpMessageCodec.Encode(message, bytes);
        Assert.True(IsakmpMessageCodec.TryDecode(bytes, out var decoded, out var error), error.ToString());
        var sa = (SecurityAssociationPayload)decoded.Payloads[0];
        var back = sa.Proposals[0].Transforms.Select(t =>
        {
            Assert.True(Ikev1ProposalConverter.TryFromPhase1Transform(t, out var p, out var why), why);
            return p!;
        }).ToList();
        Assert.Equal(transforms, back);
        Assert.True(sa.Proposals[0].Transforms[0].Find(Phase1AttributeType.LifeDuration)!.Value.TlvValue.Length > 0, "100000 s needs the TLV form");
    }

    [Fact]
    public void Quick_mode_transform_matches_strongswans_encoding()
    {
        // Attributes of the Quick Mode ESP transform in the lab's ikev1 capture (decrypted decode, Quick Mode #1):
        // AES, Key-Length 128, HMAC-SHA2-256, group 14, UDP-Encapsulated-Tunnel, lifetime 3960 s.
        var expected = new Transform(1, (byte)EspTransformId.Aes,
        [
            IsakmpAttribute.Tv((ushort)IpsecAttributeType.KeyLength, 128),
            IsakmpAttribute.Tv((ushort)IpsecAttributeType.AuthenticationAlgorithm, (ushort)IpsecAuthAlgorithm.HmacSha256),
            IsakmpAttribute.Tv((ushort)IpsecAttributeType.GroupDescription, 14),
            IsakmpAttribute.Tv((ushort)IpsecAttributeType.EncapsulationMode, (ushort)EncapsulationMode.UdpEncapsulatedTunnel),
            IsakmpAttribute.Tv((ushort)IpsecAttributeType.SaLifeType, (ushort)LifeType.Seconds),
            IsakmpAttribute.Tv((ushort)IpsecAttributeType.SaLifeDuration, 3960),
        ]);
        Assert.True(Ikev1ProposalConverter.TryFromQuickModeTransform(expected, out var parsed, out var reason), reason);
        Assert.Equal("aes128-sha256-modp2048", parsed!.ToSuite().ToProposalString());
        Assert.Equal("ESP:AES_CBC_128/HMAC_SHA2_256_128/MODP_2048/NO_EXT_SEQ", parsed.ToSuite().ToString());

        var ours = Ikev1ProposalConverter.ToQuickModeTransforms(
            ProposalParser.ParseList("aes128-sha256-modp2048", ProposalProtocol.Esp), EncapsulationMode.UdpEncapsulatedTunnel, TimeSpan.FromSeconds(3960));
        Assert.Equal(expected, Ikev1ProposalConverter.ToQuickModeTransform(Assert.Single(ours), 1));
    }

    [Fact]
    public void Quick_mode_aead_has_no_auth_attribute_and_esn_is_carried()
    {
        var ours = Ikev1ProposalConverter.ToQuickModeTransforms(
            ProposalParser.ParseList("aes256gcm16-esn", ProposalProtocol.Esp), EncapsulationMode.Tunnel, TimeSpan.FromHours(1));
        var wire = Ikev1ProposalConverter.ToQuickModeTransform(Assert.Single(ours), 1);
        Assert.Null(wire.Find(IpsecAttributeType.AuthenticationAlgorithm));
        Assert.Equal((byte)EspTransformId.AesGcm16, wire.TransformId);
        Assert.True(Ikev1ProposalConverter.TryFromQuickModeTransform(wire, out var back, out var reason), reason);
        Assert.Equal(ours[0], back);
    }

    [Fact]
    public void Quick_mode_selection_applies_lifetime_policy()
    {
        var configured = Ikev1ProposalConverter.ToQuickModeTransforms(
            ProposalParser.ParseList("aes128gcm16, aes128-sha256", ProposalProtocol.Esp), EncapsulationMode.Tunnel, TimeSpan.FromHours(1));

        SecurityAssociationPayload Peer(string list, TimeSpan lifetime)
        {
            var transforms = Ikev1ProposalConverter.ToQuickModeTransforms(ProposalParser.ParseList(list, ProposalProtocol.Esp), EncapsulationMode.Tunnel, lifetime);
            return new SecurityAssociationPayload(1, 1, [Ikev1ProposalConverter.ToQuickModeProposal(transforms, new byte[4])]);
        }

        var shorter = Ikev1ProposalSelector.SelectQuickMode(configured, Peer("aes256-sha1, aes128-sha256", TimeSpan.FromMinutes(20)));
        Assert.True(shorter.IsSuccess, shorter.Reason);
        Assert.Equal(TimeSpan.FromMinutes(20), shorter.Lifetime);
        Assert.False(shorter.LifetimeReduced);
        Assert.Equal(2, shorter.PeerTransform!.Number);

        var longer = Ikev1ProposalSelector.SelectQuickMode(configured, Peer("aes128gcm16", TimeSpan.FromHours(8)));
        Assert.True(longer.IsSuccess);
        Assert.Equal(TimeSpan.FromHours(1), longer.Lifetime);
        Assert.True(longer.LifetimeReduced);

        var none = Ikev1ProposalSelector.SelectQuickMode(configured, Peer("aes256gcm16-modp2048", TimeSpan.FromHours(1)));
        Assert.False(none.IsSuccess);
        Assert.Contains("peer offered aes256gcm16-modp2048", none.Reason);
    }

    [Fact]
    public void Phase1_selection_requires_the_same_auth_method()
    {
        var ours = Ikev1ProposalConverter.ToPhase1Transforms(
            ProposalParser.ParseList("aes128-sha256-modp2048", ProposalProtocol.Ike), Ikev1AuthMethod.RsaSignature, TimeSpan.FromHours(1));
        var peer = Ikev1ProposalConverter.ToPhase1Transforms(
            ProposalParser.ParseList("aes128-sha256-modp2048", ProposalProtocol.Ike), Ikev1AuthMethod.PreSharedKey, TimeSpan.FromHours(1));
        var sa = new SecurityAssociationPayload(1, 1, [Ikev1ProposalConverter.ToPhase1Proposal(peer)]);
        Assert.False(Ikev1ProposalSelector.SelectPhase1(ours, sa).IsSuccess);
    }

    [Fact]
    public void Malformed_peer_transforms_give_reasons_not_exceptions()
    {
        Assert.False(Ikev1ProposalConverter.TryFromPhase1Transform(new Transform(1, 1, []), out _, out var reason));
        Assert.Contains("lacks", reason);
        Assert.False(Ikev1ProposalConverter.TryFromPhase1Transform(new Transform(1, 2, []), out _, out _));
        var aesNoLength = new Transform(1, (byte)EspTransformId.Aes,
            [IsakmpAttribute.Tv((ushort)IpsecAttributeType.AuthenticationAlgorithm, (ushort)IpsecAuthAlgorithm.HmacSha256)]);
        Assert.False(Ikev1ProposalConverter.TryFromQuickModeTransform(aesNoLength, out _, out reason));
        Assert.Contains("Key Length", reason);
        var gcmWithAuth = new Transform(1, (byte)EspTransformId.AesGcm16,
        [
            IsakmpAttribute.Tv((ushort)IpsecAttributeType.KeyLength, 128),
            IsakmpAttribute.Tv((ushort)IpsecAttributeType.AuthenticationAlgorithm, (ushort)IpsecAuthAlgorithm.HmacSha256),
        ]);
        Assert.False(Ikev1ProposalConverter.TryFromQuickModeTransform(gcmWithAuth, out _, out _));
        Assert.False(Ikev1ProposalConverter.TryFromQuickModeTransform(new Transform(1, 200, []), out _, out _));
        _ = KeyExchangeMethod.None;
    }
}
