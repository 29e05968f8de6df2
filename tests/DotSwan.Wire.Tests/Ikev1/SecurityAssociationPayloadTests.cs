using DotSwan.Wire.Ikev1;
using static DotSwan.Wire.Tests.Ikev1.IsakmpBytes;

namespace DotSwan.Wire.Tests.Ikev1;

public sealed class SecurityAssociationPayloadTests
{
    // Phase 1 transform as strongSwan sends it: AES-CBC-128, SHA2-256, MODP-2048, PSK, lifetime 15840 s.
    private static byte[] Phase1Attributes(byte[]? lifeDuration = null) => Concat(
        Tv(1, 7), Tv(14, 128), Tv(2, 4), Tv(4, 14), Tv(3, 1), Tv(11, 1), lifeDuration ?? Tv(12, 15840));

    private static byte[] Phase1Sa(byte[]? attributes = null) =>
        Message(1, Payload(0, SaBody(Proposal(true, 1, 1, [], [Transform(true, 1, 1, attributes ?? Phase1Attributes())]))));

    [Fact]
    public void Decodes_a_phase1_proposal_with_tv_attributes()
    {
        var sa = IsakmpAssert.RoundTripsSingle<SecurityAssociationPayload>(Phase1Sa());
        Assert.Equal((1u, 1u), (sa.Doi, sa.Situation));
        var proposal = Assert.Single(sa.Proposals);
        Assert.Equal((1, IpsecProtocolId.Isakmp, 0), (proposal.Number, proposal.ProtocolId, proposal.Spi.Length));
        var transform = Assert.Single(proposal.Transforms);
        Assert.Equal((1, DotSwan.Wire.Ikev1.Transform.KeyIke), (transform.Number, transform.TransformId));
        Assert.Equal(7, transform.Attributes.Count);
        Assert.All(transform.Attributes, a => Assert.True(a.IsTv));
        Assert.Equal(Phase1AttributeType.EncryptionAlgorithm, transform.Attributes[0].Phase1Type);
        Assert.Equal((ushort)Phase1EncryptionAlgorithm.AesCbc, transform.Attributes[0].TvValue);
        Assert.Equal((ushort)Ikev1AuthMethod.PreSharedKey, transform.Find(Phase1AttributeType.AuthenticationMethod)!.Value.TvValue);
        Assert.True(transform.Find(Phase1AttributeType.LifeDuration)!.Value.TryGetInteger(out ulong life));
        Assert.Equal(15840ul, life);
        Assert.Null(transform.Find(Phase1AttributeType.GroupPrime));
    }

    [Theory]
    [InlineData("00003de0", 15840ul)]       // 4-byte TLV although it would fit a TV
    [InlineData("0001518000", 0x0151_8000ul)]
    [InlineData("0000000100000000", 0x1_0000_0000ul)]
    public void Life_duration_sent_as_tlv_stays_tlv(string value, ulong expected)
    {
        var datagram = Phase1Sa(Phase1Attributes(Tlv(12, Hex(value))));
        var sa = IsakmpAssert.RoundTripsSingle<SecurityAssociationPayload>(datagram);
        var life = sa.Proposals[0].Transforms[0].Find(Phase1AttributeType.LifeDuration)!.Value;
        Assert.False(life.IsTv);
        Assert.Equal(Hex(value), life.TlvValue.ToArray());
        Assert.True(life.TryGetInteger(out ulong duration));
        Assert.Equal(expected, duration);
    }

    [Fact]
    public void Variable_attributes_carry_long_values_and_empty_ones()
    {
        var prime = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var datagram = Phase1Sa(Concat(Tlv(6, prime), Tlv(16, [])));
        var transform = IsakmpAssert.RoundTripsSingle<SecurityAssociationPayload>(datagram).Proposals[0].Transforms[0];
        Assert.Equal(prime, transform.Find(Phase1AttributeType.GroupPrime)!.Value.TlvValue.ToArray());
        var empty = transform.Find(Phase1AttributeType.GroupOrder)!.Value;
        Assert.False(empty.TryGetInteger(out _));
        Assert.False(transform.Find(Phase1AttributeType.GroupPrime)!.Value.TryGetInteger(out _)); // longer than 8 bytes
    }

    [Fact]
    public void Attribute_format_bit_selects_tv_or_tlv()
    {
        // 0x800c 0x0004 is TV type 12 value 4; 0x000c 0x0004 is TLV type 12 with four value bytes following.
        var tv = Phase1Sa(Hex("800c0004"));
        var tlv = Phase1Sa(Hex("000c0004 00000004"));
        var a = IsakmpAssert.RoundTripsSingle<SecurityAssociationPayload>(tv).Proposals[0].Transforms[0].Attributes.Single();
        var b = IsakmpAssert.RoundTripsSingle<SecurityAssociationPayload>(tlv).Proposals[0].Transforms[0].Attributes.Single();
        Assert.Equal((true, (ushort)4, 0), (a.IsTv, a.TvValue, a.TlvValue.Length));
        Assert.Equal((false, (ushort)0, 4), (b.IsTv, b.TvValue, b.TlvValue.Length));
        Assert.Equal(12, a.Type);
        Assert.Equal(12, b.Type);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Decodes_a_quick_mode_proposal_with_spi_and_ipsec_attributes()
    {
        var attributes = Concat(Tv(6, 128), Tv(5, 5), Tv(3, 14), Tv(4, 61443), Tv(1, 2), Tlv(2, Hex("00989680")), Tv(10, 1));
        var esp = Proposal(false, 1, 3, Hex("c56216b4"), [Transform(false, 1, 12, attributes), Transform(true, 2, 20, Tv(6, 256))]);
        var ipcomp = Proposal(true, 1, 4, Hex("1234"), [Transform(true, 1, 2, Tv(4, 1))]);
        var sa = IsakmpAssert.RoundTripsSingle<SecurityAssociationPayload>(Message(1, Payload(0, SaBody(esp, ipcomp)), exchange: 32));
        Assert.Equal(2, sa.Proposals.Count);
        var p = sa.Proposals[0];
        Assert.Equal((IpsecProtocolId.Esp, "C56216B4"), (p.ProtocolId, Convert.ToHexString(p.Spi.Span)));
        Assert.Equal((byte)EspTransformId.Aes, p.Transforms[0].TransformId);
        Assert.Equal((byte)EspTransformId.AesGcm16, p.Transforms[1].TransformId);
        var t = p.Transforms[0];
        Assert.Equal((ushort)IpsecAuthAlgorithm.HmacSha256, t.Find(IpsecAttributeType.AuthenticationAlgorithm)!.Value.TvValue);
        Assert.Equal((ushort)EncapsulationMode.UdpEncapsulatedTunnelDraft, t.Find(IpsecAttributeType.EncapsulationMode)!.Value.TvValue);
        Assert.Equal((ushort)LifeType.Kilobytes, t.Find(IpsecAttributeType.SaLifeType)!.Value.TvValue);
        Assert.True(t.Find(IpsecAttributeType.SaLifeDuration)!.Value.TryGetInteger(out ulong kb));
        Assert.Equal(10_000_000ul, kb);
        Assert.Equal(IpsecAttributeType.EcnTunnel, t.Attributes[^1].IpsecType);
        Assert.Equal((IpsecProtocolId.Ipcomp, 2, (byte)IpcompTransformId.Deflate), (sa.Proposals[1].ProtocolId, sa.Proposals[1].Spi.Length, sa.Proposals[1].Transforms[0].TransformId));
    }

    [Fact]
    public void Model_built_proposals_encode_and_decode_equal()
    {
        var sa = new SecurityAssociationPayload(1, 1, [
            new Proposal(1, IpsecProtocolId.Ah, new byte[] { 1, 2, 3, 4 }, [
                new Transform(1, (byte)AhTransformId.Sha256, [IsakmpAttribute.Tv((ushort)IpsecAttributeType.AuthenticationAlgorithm, 5), IsakmpAttribute.FromInteger(2, 100_000)]),
            ]),
        ]);
        var header = IsakmpHeader.Create(1, 2, IsakmpExchangeType.QuickMode, IsakmpHeaderFlags.None, 5);
        var bytes = IsakmpAssert.Encode(IsakmpMessage.Clear(header, [sa]));
        var decoded = IsakmpAssert.Decodes(bytes);
        Assert.Equal(sa, Assert.Single(decoded.Payloads));
        var life = sa.Proposals[0].Transforms[0].Attributes[1];
        Assert.False(life.IsTv);
        Assert.Equal(Hex("0186a0"), life.TlvValue.ToArray());
    }

    [Fact]
    public void Attribute_factories_reject_types_using_the_format_bit()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IsakmpAttribute.Tv(0x8001, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => IsakmpAttribute.Tlv(0x8001, new byte[1]));
        Assert.True(IsakmpAttribute.FromInteger(12, 65535).IsTv);
    }

    // ---- negative cases; offsets: header 28, SA generic header 4, DOI+situation 8 → first proposal at 40, its first transform at 48, attributes at 56

    [Fact]
    public void Tlv_attribute_overrunning_its_transform_is_a_bad_length()
    {
        var datagram = Phase1Sa(Concat(Tv(1, 7), Tlv(12, Hex("0000"), length: 4)));
        IsakmpAssert.Fails(datagram, 3, 60, DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Attribute_header_cut_by_the_transform_end_is_a_bad_length()
    {
        IsakmpAssert.Fails(Phase1Sa(Concat(Tv(1, 7), Hex("8002"))), 3, 60, DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Transform_length_past_its_proposal_is_a_bad_length()
    {
        var transform = Transform(true, 1, 1, Tv(1, 7), length: 40);
        var datagram = Message(1, Payload(0, SaBody(Proposal(true, 1, 1, [], [transform]))));
        IsakmpAssert.Fails(datagram, 3, 50, DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Transform_length_below_its_header_is_a_bad_length()
    {
        var transform = Transform(true, 1, 1, Tv(1, 7), length: 7);
        IsakmpAssert.Fails(Message(1, Payload(0, SaBody(Proposal(true, 1, 1, [], [transform])))), 3, 50, DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Proposal_length_past_the_sa_payload_is_a_bad_length()
    {
        var proposal = Proposal(true, 1, 1, [], [Transform(true, 1, 1, Tv(1, 7))], length: 100);
        var error = IsakmpAssert.Fails(Message(1, Payload(0, SaBody(proposal))));
        Assert.Equal((2, 42, DecodeErrorReason.BadLength), (error.PayloadType, error.Offset, error.Reason));
        Assert.Equal(Ikev1NotifyType.BadProposalSyntax, error.ToIsakmpNotifyType());
    }

    [Fact]
    public void Sa_payload_length_past_the_message_is_a_bad_length()
    {
        var sa = Payload(0, SaBody(Proposal(true, 1, 1, [], [Transform(true, 1, 1, Tv(1, 7))])), length: 200);
        IsakmpAssert.Fails(Message(1, sa), 1, 30, DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Transform_count_must_match_the_chain()
    {
        var one = Transform(true, 1, 1, Tv(1, 7));
        IsakmpAssert.Fails(Message(1, Payload(0, SaBody(Proposal(true, 1, 1, [], [one], count: 2)))), 2, 47, DecodeErrorReason.InvalidValue);
        var two = new[] { Transform(false, 1, 1, Tv(1, 7)), Transform(true, 2, 1, Tv(1, 5)) };
        IsakmpAssert.Fails(Message(1, Payload(0, SaBody(Proposal(true, 1, 1, [], two, count: 1)))), 2, 60, DecodeErrorReason.InvalidValue);
        IsakmpAssert.Fails(Message(1, Payload(0, SaBody(Proposal(true, 1, 1, [], [one], count: 0)))), 2, 47, DecodeErrorReason.InvalidValue);
    }

    [Fact]
    public void Bytes_after_the_last_transform_or_proposal_are_trailing()
    {
        var proposal = Concat(Proposal(true, 1, 1, [], [Transform(true, 1, 1, Tv(1, 7))], length: 22), Hex("0000"));
        IsakmpAssert.Fails(Message(1, Payload(0, SaBody(proposal))), 2, 60, DecodeErrorReason.TrailingBytes);
        var sa = Concat(SaBody(Proposal(true, 1, 1, [], [Transform(true, 1, 1, Tv(1, 7))])), Hex("00000000"));
        IsakmpAssert.Fails(Message(1, Payload(0, sa)), 1, 60, DecodeErrorReason.TrailingBytes);
    }

    [Fact]
    public void Proposal_and_transform_next_payload_fields_are_checked()
    {
        var badNext = Proposal(true, 1, 1, [], [Transform(true, 1, 1, Tv(1, 7))], next: 13);
        IsakmpAssert.Fails(Message(1, Payload(0, SaBody(badNext))), 2, 40, DecodeErrorReason.InvalidValue);
        var transform = Transform(true, 1, 1, Tv(1, 7));
        transform[0] = 2;
        IsakmpAssert.Fails(Message(1, Payload(0, SaBody(Proposal(true, 1, 1, [], [transform])))), 3, 48, DecodeErrorReason.InvalidValue);
    }

    [Theory]
    [InlineData(1, 4)]  // ISAKMP takes 0 or 16
    [InlineData(3, 0)]  // ESP takes 4
    [InlineData(3, 8)]
    [InlineData(2, 16)] // AH takes 4
    [InlineData(4, 1)]  // IPCOMP takes 2 or 4
    public void Spi_size_must_fit_the_protocol(byte protocol, int spiSize)
    {
        var proposal = Proposal(true, 1, protocol, new byte[spiSize], [Transform(true, 1, 3, Tv(1, 1))]);
        var error = IsakmpAssert.Fails(Message(1, Payload(0, SaBody(proposal))));
        Assert.Equal((2, 46, DecodeErrorReason.InvalidValue), (error.PayloadType, error.Offset, error.Reason));
    }

    [Fact]
    public void Spi_overrunning_the_proposal_is_a_bad_length()
    {
        // SPI size 4 but a proposal length of 10 leaves room for only two SPI bytes.
        var proposal = Proposal(true, 1, 3, Hex("00000001"), [], count: 1, length: 10);
        IsakmpAssert.Fails(Message(1, Payload(0, SaBody(proposal[..10]))), 2, 42, DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Sa_without_proposals_or_with_a_short_body_fails()
    {
        IsakmpAssert.Fails(Message(1, Payload(0, Hex("00000001 00000001"))), 1, 40, DecodeErrorReason.InvalidValue);
        IsakmpAssert.Fails(Message(1, Payload(0, Hex("00000001 0000"))), 1, 32, DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Secrecy_and_integrity_situations_are_not_supported()
    {
        var body = Concat(Hex("00000001 00000003"), Proposal(true, 1, 1, [], [Transform(true, 1, 1, Tv(1, 7))]));
        var error = IsakmpAssert.Fails(Message(1, Payload(0, body)));
        Assert.Equal((1, 36, DecodeErrorReason.InvalidValue), (error.PayloadType, error.Offset, error.Reason));
        Assert.Equal(Ikev1NotifyType.SituationNotSupported, error.ToIsakmpNotifyType());
    }

    [Fact]
    public void Reserved_fields_of_proposals_and_transforms_fail_only_when_strict()
    {
        var strict = new IsakmpDecodeOptions { Strict = true };
        var transform = Transform(true, 1, 1, Tv(1, 7), reserved2: 1);
        var datagram = Message(1, Payload(0, SaBody(Proposal(true, 1, 1, [], [transform]))));
        IsakmpAssert.Decodes(datagram);
        IsakmpAssert.Fails(datagram, 3, 54, DecodeErrorReason.ReservedBitsSet, strict);
        var proposal = Proposal(true, 1, 1, [], [Transform(true, 1, 1, Tv(1, 7))]);
        proposal[1] = 0xff;
        datagram = Message(1, Payload(0, SaBody(proposal)));
        IsakmpAssert.Decodes(datagram);
        IsakmpAssert.Fails(datagram, 2, 41, DecodeErrorReason.ReservedBitsSet, strict);
        datagram = Message(1, Payload(0, SaBody(Proposal(true, 1, 1, [], [Transform(true, 1, 1, Tv(1, 7))])), reserved: 1));
        IsakmpAssert.Decodes(datagram);
        IsakmpAssert.Fails(datagram, 1, 29, DecodeErrorReason.ReservedBitsSet, strict);
    }

    [Fact]
    public void Counts_are_bounded()
    {
        var attributes = Concat(Enumerable.Range(0, 65).Select(i => Tv(1, 7)).ToArray());
        IsakmpAssert.Fails(Phase1Sa(attributes), 3, 56 + (64 * 4), DecodeErrorReason.TooMany);
        IsakmpAssert.Decodes(Phase1Sa(Concat(Enumerable.Range(0, 64).Select(i => Tv(1, 7)).ToArray())));

        var transforms = Enumerable.Range(0, 65).Select(i => Transform(i == 64, (byte)i, 1, [])).ToArray();
        IsakmpAssert.Fails(Message(1, Payload(0, SaBody(Proposal(true, 1, 1, [], transforms)))), 2, 47, DecodeErrorReason.TooMany);

        var proposals = Enumerable.Range(0, 65).Select(i => Proposal(i == 64, (byte)i, 1, [], [Transform(true, 1, 1, [])])).ToArray();
        IsakmpAssert.Fails(Message(1, Payload(0, SaBody(proposals))), 2, 40 + (64 * 16), DecodeErrorReason.TooMany);
        var tight = new IsakmpDecodeOptions { MaxProposals = 2 };
        IsakmpAssert.Fails(Message(1, Payload(0, SaBody(proposals[61..]))), 2, 40 + (2 * 16), DecodeErrorReason.TooMany, tight);
    }
}
