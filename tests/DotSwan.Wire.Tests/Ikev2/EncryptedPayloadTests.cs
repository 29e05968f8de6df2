using DotSwan.Wire.Ikev2;
using static DotSwan.Wire.Tests.Ikev2.Ikev2Bytes;

namespace DotSwan.Wire.Tests.Ikev2;

public sealed class EncryptedPayloadTests
{
    private static readonly byte[] Opaque = Enumerable.Range(0, 48).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public void Sk_keeps_its_body_opaque_and_names_the_first_inner_payload()
    {
        // The SK payload's Next Payload (35, IDi) is the first inner payload, not a following outer payload.
        var bytes = Message(46, Payload(35, Opaque), exchange: 35);
        var sk = Assert.IsType<EncryptedPayload>(Ikev2Assert.RoundTrips(bytes).Payloads.Single());
        Assert.Equal(Ikev2PayloadType.IdentificationInitiator, sk.FirstInnerPayload);
        Assert.Equal(Opaque, sk.Body.ToArray());
    }

    [Fact]
    public void Sk_after_other_payloads_round_trips()
    {
        var bytes = Message(43, Concat(Payload(46, [1, 2, 3]), Payload(41, Opaque)), exchange: 37);
        var message = Ikev2Assert.RoundTrips(bytes);
        Assert.Equal(Ikev2PayloadType.Notify, Assert.IsType<EncryptedPayload>(message.Payloads[1]).FirstInnerPayload);
    }

    [Fact]
    public void Bytes_after_sk_are_trailing() =>
        Ikev2Assert.Fails(Message(46, Concat(Payload(35, Opaque), Payload(0, [1]))), DecodeErrorReason.TrailingBytes);

    [Fact]
    public void Skf_fragment_fields()
    {
        var bytes = Message(53, Payload(35, Concat(U16(1), U16(2), Opaque)), exchange: 35);
        var skf = Assert.IsType<EncryptedFragmentPayload>(Ikev2Assert.RoundTrips(bytes).Payloads.Single());
        Assert.Equal(Ikev2PayloadType.IdentificationInitiator, skf.FirstInnerPayload);
        Assert.Equal(1, skf.FragmentNumber);
        Assert.Equal(2, skf.TotalFragments);
        Assert.Equal(Opaque, skf.Body.ToArray());
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(3, 2)]
    [InlineData(1, 0)]
    public void Skf_fragment_number_must_be_within_the_total(int number, int total) =>
        Ikev2Assert.Fails(Message(53, Payload(0, Concat(U16(number), U16(total), Opaque))), DecodeErrorReason.InvalidValue);

    [Fact]
    public void Skf_truncated_fixed_fields() => Ikev2Assert.Fails(Message(53, Payload(0, [0, 1, 0])), DecodeErrorReason.Truncated);

    [Fact]
    public void Inner_chain_decodes_from_decrypted_bytes_and_encodes_back()
    {
        var inner = Concat(
            Payload(39, Concat([2, 0, 0, 0], "moon"u8.ToArray())),
            Payload(33, Concat([2, 0, 0, 0], new byte[32])),
            Payload(44, Ikev2Bytes.Proposal(true, 1, 3, [1, 2, 3, 4], Transform(true, 1, 20, KeyLength(128)))),
            Payload(45, Concat([1, 0, 0, 0], [7, 0], U16(16), U16(0), U16(65535), [10, 0, 0, 0, 10, 0, 0, 255])),
            Payload(0, Concat([1, 0, 0, 0], [7, 0], U16(16), U16(0), U16(65535), [10, 1, 0, 0, 10, 1, 0, 255])));
        Assert.True(Ikev2PayloadChain.TryDecode(Ikev2PayloadType.IdentificationInitiator, inner, 32, out var payloads, out var error), error.ToString());
        Assert.Equal(
            [Ikev2PayloadType.IdentificationInitiator, Ikev2PayloadType.Authentication, Ikev2PayloadType.SecurityAssociation, Ikev2PayloadType.TrafficSelectorInitiator, Ikev2PayloadType.TrafficSelectorResponder],
            payloads.Select(p => p.PayloadType));
        Assert.Equal(Ikev2PayloadType.IdentificationInitiator, Ikev2PayloadChain.FirstPayloadType(payloads));
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.Equal(inner.Length, Ikev2MessageCodec.EncodePayloads(payloads, writer));
        Assert.Equal(inner, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Inner_chain_errors_are_offset_by_the_base()
    {
        var inner = Payload(0, [1, 0]); // an AUTH body shorter than its fixed fields
        Assert.False(Ikev2PayloadChain.TryDecode(Ikev2PayloadType.Authentication, inner, 100, out var payloads, out var error));
        Assert.Empty(payloads);
        Assert.Equal(new DecodeError(39, 106, DecodeErrorReason.Truncated, error.Detail), error);
    }

    [Fact]
    public void Empty_inner_chain_needs_no_bytes()
    {
        Assert.True(Ikev2PayloadChain.TryDecode(Ikev2PayloadType.None, [], 0, out var payloads, out _));
        Assert.Empty(payloads);
        Assert.False(Ikev2PayloadChain.TryDecode(Ikev2PayloadType.None, [0, 0, 0, 4], 0, out _, out var error));
        Assert.Equal(DecodeErrorReason.TrailingBytes, error.Reason);
    }
}
