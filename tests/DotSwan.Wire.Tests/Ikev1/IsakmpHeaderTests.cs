using DotSwan.Wire.Ikev1;
using static DotSwan.Wire.Tests.Ikev1.IsakmpBytes;

namespace DotSwan.Wire.Tests.Ikev1;

public sealed class IsakmpHeaderTests
{
    private static readonly byte[] Vid = Payload(0, Hex("afcad71368a1f1c96b8696fc77570100"));

    [Fact]
    public void Decodes_every_header_field()
    {
        var datagram = Message(13, Vid, exchange: 32, flags: 0x02, messageId: 0x0dde1483);
        var message = IsakmpAssert.Decodes(datagram);
        var h = message.Header;
        Assert.Equal(0x0102030405060708UL, h.InitiatorCookie);
        Assert.Equal(0x1112131415161718UL, h.ResponderCookie);
        Assert.Equal(IsakmpPayloadType.VendorId, h.NextPayload);
        Assert.Equal((1, 0), (h.MajorVersion, h.MinorVersion));
        Assert.Equal(IsakmpExchangeType.QuickMode, h.ExchangeType);
        Assert.Equal(IsakmpHeaderFlags.Commit, h.Flags);
        Assert.Equal(0x0dde1483u, h.MessageId);
        Assert.Equal((uint)datagram.Length, h.Length);
        Assert.False(message.IsEncrypted);
        Assert.Equal(datagram, IsakmpAssert.Encode(message));
    }

    [Fact]
    public void Encrypted_body_is_kept_opaque()
    {
        var body = Hex("00112233445566778899aabbccddeeff");
        var datagram = Message(8, body, exchange: 5, flags: 0x01, messageId: 7);
        var message = IsakmpAssert.Decodes(datagram);
        Assert.True(message.IsEncrypted);
        Assert.Empty(message.Payloads);
        Assert.Equal(body, message.EncryptedBody.ToArray());
        Assert.Equal(IsakmpPayloadType.Hash, message.Header.NextPayload);
        Assert.Equal(datagram, IsakmpAssert.Encode(message));
    }

    [Fact]
    public void Builds_a_clear_message_from_the_model()
    {
        var header = IsakmpHeader.Create(1, 2, IsakmpExchangeType.Informational, IsakmpHeaderFlags.None, 9);
        var message = IsakmpMessage.Clear(header, [new VendorIdPayload(Hex("afcad71368a1f1c96b8696fc77570100"))]);
        var bytes = IsakmpAssert.Encode(message);
        Assert.Equal(28 + 20, bytes.Length);
        Assert.Equal(13, bytes[16]); // next payload computed from the first payload
        Assert.Equal(0x10, bytes[17]);
        Assert.Equal(48, bytes[27]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(27)]
    public void Datagram_shorter_than_the_header_is_truncated(int length)
    {
        var datagram = Message(13, Vid)[..length];
        IsakmpAssert.Fails(datagram, 0, length, DecodeErrorReason.Truncated);
    }

    [Fact]
    public void Header_length_beyond_the_datagram_is_truncated()
    {
        var datagram = Message(13, Vid, length: 28 + 20 + 1);
        IsakmpAssert.Fails(datagram, 0, datagram.Length, DecodeErrorReason.Truncated);
    }

    [Fact]
    public void Header_length_below_28_is_a_bad_length()
    {
        IsakmpAssert.Fails(Message(13, Vid, length: 27), 0, 24, DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Header_length_cutting_a_payload_is_a_bad_payload_length()
    {
        // The Length says the message ends inside the vendor ID: the payload's length now points past the message.
        IsakmpAssert.Fails(Message(13, Vid, length: 28 + 10), 13, 30, DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Trailing_datagram_bytes_are_ignored_by_default_and_rejected_on_request()
    {
        var datagram = Concat(Message(13, Vid), Hex("000000"));
        var message = IsakmpAssert.Decodes(datagram);
        Assert.Equal(48u, message.Header.Length);
        Assert.Equal(datagram[..48], IsakmpAssert.Encode(message));
        IsakmpAssert.Fails(datagram, 0, 48, DecodeErrorReason.TrailingBytes, new IsakmpDecodeOptions { RejectTrailingDatagramBytes = true });
    }

    [Fact]
    public void Bytes_inside_the_message_after_the_last_payload_are_trailing_bytes()
    {
        var datagram = Message(13, Concat(Vid, Hex("0000")));
        IsakmpAssert.Fails(datagram, 0, 48, DecodeErrorReason.TrailingBytes);
    }

    [Fact]
    public void Version_2_is_rejected_as_ikev2()
    {
        var error = IsakmpAssert.Fails(Message(13, Vid, version: 0x20));
        Assert.Equal(DecodeErrorReason.InvalidValue, error.Reason);
        Assert.Equal(17, error.Offset);
        Assert.Contains("IKEv2", error.Detail, StringComparison.Ordinal);
        Assert.Equal(Ikev1NotifyType.InvalidMajorVersion, error.ToIsakmpNotifyType());
    }

    [Fact]
    public void Other_major_versions_are_rejected_and_minor_versions_kept()
    {
        Assert.Equal(DecodeErrorReason.InvalidValue, IsakmpAssert.Fails(Message(13, Vid, version: 0x30)).Reason);
        var message = IsakmpAssert.Decodes(Message(13, Vid, version: 0x11));
        Assert.Equal(1, message.Header.MinorVersion);
        Assert.Equal(0x11, IsakmpAssert.Encode(message)[17]);
    }

    [Fact]
    public void Reserved_flag_bits_are_ignored_unless_strict()
    {
        var datagram = Message(13, Vid, flags: 0x80);
        IsakmpAssert.Decodes(datagram);
        var error = IsakmpAssert.Fails(datagram, new IsakmpDecodeOptions { Strict = true });
        Assert.Equal((0, 19, DecodeErrorReason.ReservedBitsSet), (error.PayloadType, error.Offset, error.Reason));
        Assert.Equal(Ikev1NotifyType.InvalidFlags, error.ToIsakmpNotifyType());
    }

    [Fact]
    public void Header_only_decoding_checks_version_and_length()
    {
        var datagram = Message(13, Vid);
        Assert.True(IsakmpMessageCodec.TryDecodeHeader(datagram, out var header, out _));
        Assert.Equal(IsakmpExchangeType.IdentityProtection, header.ExchangeType);
        Assert.False(IsakmpMessageCodec.TryDecodeHeader(datagram.AsSpan(0, 40), out _, out var error));
        Assert.Equal(DecodeErrorReason.Truncated, error.Reason);
    }

    [Fact]
    public void Encoder_refuses_an_encrypted_message_with_payloads()
    {
        var header = IsakmpHeader.Create(1, 2, IsakmpExchangeType.QuickMode, IsakmpHeaderFlags.Encryption, 9, IsakmpPayloadType.Hash);
        var message = new IsakmpMessage(header, [new HashPayload(new byte[20])], default);
        Assert.Throws<ArgumentException>(() => IsakmpMessageCodec.Encode(message, new byte[100]));
    }
}
