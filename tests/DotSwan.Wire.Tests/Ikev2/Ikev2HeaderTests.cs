using DotSwan.Wire.Ikev2;
using static DotSwan.Wire.Tests.Ikev2.Ikev2Bytes;

namespace DotSwan.Wire.Tests.Ikev2;

public sealed class Ikev2HeaderTests
{
    private static readonly byte[] Nonce = Payload(0, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Decodes_every_header_field()
    {
        var message = Ikev2Assert.RoundTrips(Message(40, Nonce, exchange: 35, flags: 0x20, messageId: 0x01020304));
        var h = message.Header;
        Assert.Equal(InitiatorSpi, h.InitiatorSpi);
        Assert.Equal(ResponderSpi, h.ResponderSpi);
        Assert.Equal(Ikev2PayloadType.Nonce, h.NextPayload);
        Assert.Equal(2, h.MajorVersion);
        Assert.Equal(0, h.MinorVersion);
        Assert.Equal(Ikev2ExchangeType.IkeAuth, h.ExchangeType);
        Assert.Equal(Ikev2HeaderFlags.Response, h.Flags);
        Assert.True(h.IsResponse);
        Assert.False(h.IsInitiator);
        Assert.Equal(0x01020304u, h.MessageId);
        Assert.Equal((uint)(28 + Nonce.Length), h.Length);
    }

    [Fact]
    public void A_message_without_payloads_round_trips()
    {
        var message = Ikev2Assert.RoundTrips(Message(0, [], exchange: 37));
        Assert.Empty(message.Payloads);
    }

    [Fact]
    public void Encoding_computes_next_payload_and_length_from_the_model()
    {
        var bytes = Message(40, Nonce);
        Assert.True(Ikev2MessageCodec.TryDecode(bytes, out var message, out _));
        var changed = message! with { Header = message.Header with { Length = 9999, NextPayload = Ikev2PayloadType.Notify } };
        Assert.Equal(bytes, Ikev2MessageCodec.Encode(changed));
    }

    [Fact]
    public void Encodes_into_a_buffer_writer()
    {
        var bytes = Message(40, Nonce);
        Assert.True(Ikev2MessageCodec.TryDecode(bytes, out var message, out _));
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.Equal(bytes.Length, Ikev2MessageCodec.Encode(message!, writer));
        Assert.Equal(bytes, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Shorter_than_a_header_is_truncated()
    {
        var e = Ikev2Assert.Fails(Message(0, [])[..27], DecodeErrorReason.Truncated);
        Assert.Equal(0, e.PayloadType);
    }

    [Fact]
    public void Header_length_above_the_datagram_is_truncated()
    {
        var e = Ikev2Assert.Fails(Message(40, Nonce, length: (uint)(28 + Nonce.Length + 1)), DecodeErrorReason.Truncated);
        Assert.Equal(24, e.Offset);
    }

    [Fact]
    public void Header_length_below_the_datagram_is_trailing_bytes()
    {
        var bytes = Concat(Message(40, Nonce), [0, 0, 0]);
        var e = Ikev2Assert.Fails(bytes, DecodeErrorReason.TrailingBytes);
        Assert.Equal(28 + Nonce.Length, e.Offset);
    }

    [Fact]
    public void Header_length_below_28_is_bad_length()
    {
        Ikev2Assert.Fails(Message(0, [], length: 20), DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Major_version_3_is_invalid_and_the_header_can_still_be_read()
    {
        var bytes = Message(40, Nonce, version: 0x30);
        var e = Ikev2Assert.Fails(bytes, DecodeErrorReason.InvalidValue);
        Assert.Equal(0, e.PayloadType);
        Assert.Equal(17, e.Offset);
        Assert.Contains("major version", e.Detail, StringComparison.Ordinal);
        Assert.True(Ikev2Header.TryRead(bytes, out var header));
        Assert.Equal(3, header.MajorVersion);
        Assert.Equal(InitiatorSpi, header.InitiatorSpi);
    }

    [Fact]
    public void Minor_version_is_kept()
    {
        var message = Ikev2Assert.RoundTrips(Message(40, Nonce, version: 0x21));
        Assert.Equal(1, message.Header.MinorVersion);
    }

    [Fact]
    public void Reserved_header_flags_are_ignored_by_default_and_reported_when_strict()
    {
        var bytes = Message(40, Nonce, flags: 0x09);
        var message = Ikev2Assert.RoundTrips(bytes);
        Assert.Equal((Ikev2HeaderFlags)0x09, message.Header.Flags);
        var e = Ikev2Assert.Fails(bytes, DecodeErrorReason.ReservedBitsSet, new Ikev2DecodeOptions { Strict = true });
        Assert.Equal(19, e.Offset);
    }
}
