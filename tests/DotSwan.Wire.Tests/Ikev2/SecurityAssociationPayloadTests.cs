using DotSwan.Wire.Ikev2;
using static DotSwan.Wire.Tests.Ikev2.Ikev2Bytes;

namespace DotSwan.Wire.Tests.Ikev2;

public sealed class SecurityAssociationPayloadTests
{
    private static readonly Ikev2DecodeOptions Strict = new() { Strict = true };

    [Fact]
    public void Decodes_proposals_transforms_and_key_length()
    {
        var esp = Proposal(true, 2, 3, [0xc0, 0xff, 0xee, 0x01], Transform(false, 1, 12, KeyLength(128)), Transform(false, 3, 12), Transform(true, 5, 0));
        var message = Ikev2Assert.RoundTrips(Single(33, Concat(IkeProposal(last: false), esp)));
        var sa = Assert.IsType<SecurityAssociationPayload>(message.Payloads[0]);
        Assert.Equal(2, sa.Proposals.Count);
        var ike = sa.Proposals[0];
        Assert.Equal(1, ike.Number);
        Assert.Equal(ProtocolId.Ike, ike.ProtocolId);
        Assert.True(ike.Spi.IsEmpty);
        Assert.Equal([TransformType.EncryptionAlgorithm, TransformType.PseudorandomFunction, TransformType.KeyExchangeMethod], ike.Transforms.Select(t => t.Type));
        Assert.Equal([(ushort)20, (ushort)5, (ushort)31], ike.Transforms.Select(t => t.Id));
        Assert.Equal(256, ike.Transforms[0].KeyLength);
        Assert.Null(ike.Transforms[1].KeyLength);
        var second = sa.Proposals[1];
        Assert.Equal(ProtocolId.Esp, second.ProtocolId);
        Assert.Equal([0xc0, 0xff, 0xee, 0x01], second.Spi.ToArray());
        Assert.Equal(TransformType.SequenceNumbers, second.Transforms[2].Type);
    }

    [Fact]
    public void Keeps_tlv_attributes_and_additional_key_exchange_transforms()
    {
        var tlv = Concat([0x00, 0x20], U16(3), [7, 8, 9]);
        var proposal = Proposal(true, 1, 1, new byte[8], Transform(false, 6, 35, tlv), Transform(true, 4, 19));
        var sa = Assert.IsType<SecurityAssociationPayload>(Ikev2Assert.RoundTrips(Single(33, proposal)).Payloads[0]);
        var attribute = sa.Proposals[0].Transforms[0].Attributes.Single();
        Assert.False(attribute.IsTypeValue);
        Assert.Equal((TransformAttributeType)0x20, attribute.Type);
        Assert.Equal([7, 8, 9], attribute.Data.ToArray());
        Assert.Equal(TransformType.AdditionalKeyExchange1, sa.Proposals[0].Transforms[0].Type);
        Assert.Equal(8, sa.Proposals[0].Spi.Length);
    }

    [Fact]
    public void The_view_walks_proposals_transforms_and_attributes_in_place()
    {
        var bytes = Single(33, Concat(IkeProposal(last: false), Proposal(true, 2, 3, [1, 2, 3, 4], Transform(true, 1, 12, KeyLength(128)))));
        var view = new Ikev2MessageView();
        Assert.True(view.TryParse(bytes, out _));
        var found = new List<string>();
        foreach (var proposal in view.GetProposals(bytes, 0))
        {
            foreach (var transform in proposal.Transforms)
            {
                found.Add($"{proposal.Number}/{proposal.ProtocolId}/{Convert.ToHexString(proposal.Spi)}/{proposal.TransformCount}:{transform.Type}={transform.Id}/{transform.KeyLength}");
            }
        }
        Assert.Equal(
            ["1/Ike//3:EncryptionAlgorithm=20/256", "1/Ike//3:PseudorandomFunction=5/-1", "1/Ike//3:KeyExchangeMethod=31/-1", "2/Esp/01020304/1:EncryptionAlgorithm=12/128"],
            found);
    }

    [Fact]
    public void Empty_sa_is_invalid() => Ikev2Assert.Fails(Single(33, []), DecodeErrorReason.InvalidValue);

    [Fact]
    public void Truncated_proposal_header_is_truncated() =>
        Ikev2Assert.Fails(Single(33, IkeProposal()[..6]), DecodeErrorReason.Truncated);

    [Fact]
    public void Proposal_length_past_the_payload_is_bad_length()
    {
        var proposal = IkeProposal();
        proposal[3] += 4;
        var e = Ikev2Assert.Fails(Single(33, proposal), DecodeErrorReason.BadLength);
        Assert.Equal(33, e.PayloadType);
        Assert.Equal(28 + 4 + 2, e.Offset);
    }

    [Fact]
    public void Transform_length_past_the_proposal_is_bad_length()
    {
        var proposal = IkeProposal();
        proposal[8 + 3] = 200;
        var e = Ikev2Assert.Fails(Single(33, proposal), DecodeErrorReason.BadLength);
        Assert.Equal(28 + 4 + 8 + 2, e.Offset);
    }

    [Fact]
    public void Transform_length_below_8_is_bad_length()
    {
        var proposal = Proposal(true, 1, 1, [], Transform(true, 4, 31));
        proposal[8 + 3] = 4;
        Ikev2Assert.Fails(Single(33, proposal), DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Attribute_length_past_the_transform_is_bad_length()
    {
        var proposal = Proposal(true, 1, 1, [], Transform(true, 1, 12, Concat([0x00, 0x20], U16(9), [1])));
        Ikev2Assert.Fails(Single(33, proposal), DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Truncated_attribute_is_truncated()
    {
        var proposal = Proposal(true, 1, 1, [], Transform(true, 1, 12, [0x80, 0x0e]));
        Ikev2Assert.Fails(Single(33, proposal), DecodeErrorReason.Truncated);
    }

    [Fact]
    public void Transform_count_must_match()
    {
        var proposal = IkeProposal();
        proposal[7] = 2;
        Ikev2Assert.Fails(Single(33, proposal), DecodeErrorReason.InvalidValue);
        proposal[7] = 4;
        Ikev2Assert.Fails(Single(33, proposal), DecodeErrorReason.InvalidValue);
    }

    [Fact]
    public void Last_substructure_must_match_the_position()
    {
        Ikev2Assert.Fails(Single(33, IkeProposal(last: false)), DecodeErrorReason.InvalidValue);
        Ikev2Assert.Fails(Single(33, Concat(IkeProposal(last: true), IkeProposal(last: true, number: 2))), DecodeErrorReason.InvalidValue);
        var proposal = Proposal(true, 1, 1, [], Transform(true, 2, 5), Transform(true, 4, 31));
        Ikev2Assert.Fails(Single(33, proposal), DecodeErrorReason.InvalidValue);
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(1, 2)]
    [InlineData(3, 0)]
    [InlineData(3, 8)]
    [InlineData(2, 0)]
    [InlineData(0, 0)]
    [InlineData(9, 4)]
    public void Spi_size_must_fit_the_protocol(byte protocol, int spiSize)
    {
        var e = Ikev2Assert.Fails(Single(33, Proposal(true, 1, protocol, new byte[spiSize], Transform(true, 1, 12))), DecodeErrorReason.InvalidValue);
        Assert.Equal(28 + 4 + 5, e.Offset);
    }

    [Fact]
    public void More_than_64_transforms_is_too_many()
    {
        var transforms = Enumerable.Range(0, 65).Select(i => Transform(i == 64, 1, (ushort)i)).ToArray();
        Ikev2Assert.Fails(Single(33, Proposal(true, 1, 1, [], transforms)), DecodeErrorReason.TooMany);
    }

    [Fact]
    public void More_than_64_proposals_is_too_many()
    {
        var proposals = Enumerable.Range(0, 65).Select(i => Proposal(i == 64, (byte)(i + 1), 3, [1, 2, 3, 4], Transform(true, 1, 12))).ToArray();
        Ikev2Assert.Fails(Single(33, Concat(proposals)), DecodeErrorReason.TooMany);
        Assert.Equal(64, ((SecurityAssociationPayload)Ikev2Assert.RoundTrips(Single(33, Concat(proposals[1..]))).Payloads[0]).Proposals.Count);
    }

    [Fact]
    public void Reserved_bytes_are_reported_only_when_strict()
    {
        var proposal = IkeProposal();
        proposal[1] = 1;
        var bytes = Single(33, proposal);
        Assert.True(Ikev2MessageCodec.TryDecode(bytes, out _, out _));
        Ikev2Assert.Fails(bytes, DecodeErrorReason.ReservedBitsSet, Strict);
        var transform = IkeProposal();
        transform[8 + 5] = 1;
        Ikev2Assert.Fails(Single(33, transform), DecodeErrorReason.ReservedBitsSet, Strict);
    }
}
