using DotSwan.Wire.Ikev2;
using static DotSwan.Wire.Tests.Ikev2.Ikev2Bytes;

namespace DotSwan.Wire.Tests.Ikev2;

public sealed class Ikev2ChainTests
{
    private static readonly Ikev2DecodeOptions Strict = new() { Strict = true };

    [Fact]
    public void Unknown_non_critical_payload_is_kept_and_skipped()
    {
        var bytes = Message(200, Concat(Payload(40, [0xde, 0xad]), Payload(0, new byte[16])));
        var message = Ikev2Assert.RoundTrips(bytes);
        var unknown = Assert.IsType<UnknownPayload>(message.Payloads[0]);
        Assert.Equal((Ikev2PayloadType)200, unknown.PayloadType);
        Assert.False(unknown.Critical);
        Assert.Equal([0xde, 0xad], unknown.Body.ToArray());
        Assert.IsType<NoncePayload>(message.Payloads[1]);
    }

    [Fact]
    public void Unknown_critical_payload_names_the_unknown_type()
    {
        var bytes = Message(40, Concat(Payload(201, new byte[16]), Payload(0, [1, 2, 3], flags: 0x80)));
        var e = Ikev2Assert.Fails(bytes, DecodeErrorReason.UnknownCriticalPayload);
        Assert.Equal(201, e.PayloadType);
        Assert.Equal(28 + 20, e.Offset);
    }

    [Fact]
    public void Known_payload_with_critical_bit_decodes_and_keeps_the_bit()
    {
        var message = Ikev2Assert.RoundTrips(Single(40, new byte[16], flags: 0x80));
        Assert.True(message.Payloads[0].Critical);
    }

    [Fact]
    public void Reserved_bits_of_the_generic_header_are_ignored_unless_strict()
    {
        var bytes = Single(40, new byte[16], flags: 0x01);
        Assert.True(Ikev2MessageCodec.TryDecode(bytes, out _, out _));
        var e = Ikev2Assert.Fails(bytes, DecodeErrorReason.ReservedBitsSet, Strict);
        Assert.Equal(40, e.PayloadType);
        Assert.Equal(29, e.Offset);
    }

    [Fact]
    public void Payload_length_below_4_is_bad_length()
    {
        var bytes = Message(40, [0, 0, 0, 3]);
        var e = Ikev2Assert.Fails(bytes, DecodeErrorReason.BadLength);
        Assert.Equal(40, e.PayloadType);
        Assert.Equal(30, e.Offset);
    }

    [Fact]
    public void Payload_length_past_the_message_is_bad_length()
    {
        var nonce = Payload(0, new byte[16]);
        nonce[3]++;
        Ikev2Assert.Fails(Message(40, nonce), DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Truncated_generic_header_is_truncated()
    {
        var e = Ikev2Assert.Fails(Message(40, [0, 0]), DecodeErrorReason.Truncated);
        Assert.Equal(40, e.PayloadType);
    }

    [Fact]
    public void Bytes_after_the_last_payload_are_trailing()
    {
        var e = Ikev2Assert.Fails(Message(40, Concat(Payload(0, new byte[16]), [0, 0, 0, 4])), DecodeErrorReason.TrailingBytes);
        Assert.Equal(28 + 20, e.Offset);
    }

    [Fact]
    public void More_than_64_payloads_is_too_many()
    {
        var payloads = Enumerable.Range(0, 65).Select(i => Payload(i == 64 ? (byte)0 : (byte)43, [(byte)i])).ToArray();
        Ikev2Assert.Fails(Message(43, Concat(payloads)), DecodeErrorReason.TooMany);
        var sixtyFour = Enumerable.Range(0, 64).Select(i => Payload(i == 63 ? (byte)0 : (byte)43, [(byte)i])).ToArray();
        Assert.Equal(64, Ikev2Assert.RoundTrips(Message(43, Concat(sixtyFour))).Payloads.Count);
    }

    [Fact]
    public void A_lower_payload_bound_is_honoured()
    {
        var payloads = Concat(Payload(43, [1]), Payload(43, [2]), Payload(0, [3]));
        Ikev2Assert.Fails(Message(43, payloads), DecodeErrorReason.TooMany, new Ikev2DecodeOptions { MaxPayloads = 2 });
    }
}
