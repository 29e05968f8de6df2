using DotSwan.Wire.Ikev1;
using static DotSwan.Wire.Tests.Ikev1.IsakmpBytes;

namespace DotSwan.Wire.Tests.Ikev1;

public sealed class IsakmpPayloadChainTests
{
    // ID (FQDN) → HASH → N(INITIAL-CONTACT): the shape of a decrypted Main Mode message 5.
    private static readonly byte[] Chain = Concat(
        Payload(8, Concat(Hex("02 00 0000"), "a.lab.example"u8.ToArray())),
        Payload(11, new byte[32]),
        Payload(0, Hex("00000001 01 10 6002 40f26dc248defd86ab3e2e606855f7a3")));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    public void Decrypted_chain_accepts_and_counts_padding(int padding)
    {
        var body = Concat(Chain, new byte[padding]);
        Assert.True(IsakmpPayloadChain.TryDecode(IsakmpPayloadType.Identification, body, 28, true, out var payloads, out int paddingLength, out var error), error.ToString());
        Assert.Equal(padding, paddingLength);
        Assert.Equal([IsakmpPayloadType.Identification, IsakmpPayloadType.Hash, IsakmpPayloadType.Notification], payloads.Select(p => p.PayloadType));
        Assert.Equal("a.lab.example"u8.ToArray(), ((IdentificationPayload)payloads[0]).Data.ToArray());

        var encoded = new byte[IsakmpPayloadChain.GetEncodedLength(payloads)];
        Assert.Equal(Chain.Length, IsakmpPayloadChain.Encode(payloads, encoded));
        Assert.Equal(Chain, encoded);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        IsakmpPayloadChain.Encode(payloads, buffer);
        Assert.Equal(Chain, buffer.WrittenSpan.ToArray());
        Assert.Equal(IsakmpPayloadType.Identification, IsakmpPayloadChain.FirstType(payloads));
    }

    [Fact]
    public void Padding_is_trailing_bytes_unless_allowed()
    {
        Assert.False(IsakmpPayloadChain.TryDecode(IsakmpPayloadType.Identification, Concat(Chain, new byte[3]), 28, false, out _, out _, out var error));
        Assert.Equal((0, 28 + Chain.Length, DecodeErrorReason.TrailingBytes), (error.PayloadType, error.Offset, error.Reason));
    }

    [Fact]
    public void Error_offsets_include_the_base_offset()
    {
        var broken = Chain.ToArray();
        broken[^19] = 0x20; // SPI size of the notification: 32 > 16
        Assert.False(IsakmpPayloadChain.TryDecode(IsakmpPayloadType.Identification, broken, 100, true, out _, out _, out var error));
        Assert.Equal((11, 100 + Chain.Length - 19, DecodeErrorReason.InvalidValue), (error.PayloadType, error.Offset, error.Reason));
    }

    [Fact]
    public void A_next_payload_without_bytes_is_truncated()
    {
        var body = Payload(13, new byte[4]);
        Assert.False(IsakmpPayloadChain.TryDecode(IsakmpPayloadType.VendorId, body, 28, true, out _, out _, out var error));
        Assert.Equal((13, 36, DecodeErrorReason.Truncated), (error.PayloadType, error.Offset, error.Reason));
    }

    [Fact]
    public void Empty_chain_is_valid()
    {
        Assert.True(IsakmpPayloadChain.TryDecode(IsakmpPayloadType.None, new byte[16], 28, true, out var payloads, out int padding, out _));
        Assert.Empty(payloads);
        Assert.Equal(16, padding);
        Assert.Equal(IsakmpPayloadType.None, IsakmpPayloadChain.FirstType(payloads));
    }

    [Fact]
    public void Payload_count_is_bounded()
    {
        byte[] Vids(int n) => Concat(Enumerable.Range(0, n).Select(i => Payload(i == n - 1 ? (byte)0 : (byte)13, [])).ToArray());
        Assert.True(IsakmpPayloadChain.TryDecode(IsakmpPayloadType.VendorId, Vids(64), 0, false, out var ok, out _, out _));
        Assert.Equal(64, ok.Count);
        Assert.False(IsakmpPayloadChain.TryDecode(IsakmpPayloadType.VendorId, Vids(65), 0, false, out _, out _, out var error));
        Assert.Equal((13, 256, DecodeErrorReason.TooMany), (error.PayloadType, error.Offset, error.Reason));
    }

    [Fact]
    public void Encoder_rejects_a_payload_longer_than_the_length_field()
    {
        Assert.Throws<ArgumentException>(() => IsakmpPayloadChain.Encode([new KeyExchangePayload(new byte[65533])], new byte[70000]));
        Assert.Throws<ArgumentException>(() => IsakmpPayloadChain.Encode([new KeyExchangePayload(new byte[8])], new byte[11]));
    }

    [Fact]
    public void Error_reasons_map_to_isakmp_notifies()
    {
        Assert.Equal(Ikev1NotifyType.UnequalPayloadLengths, new DecodeError(0, 24, DecodeErrorReason.BadLength, "").ToIsakmpNotifyType());
        Assert.Equal(Ikev1NotifyType.UnequalPayloadLengths, new DecodeError(0, 24, DecodeErrorReason.Truncated, "").ToIsakmpNotifyType());
        Assert.Equal(Ikev1NotifyType.PayloadMalformed, new DecodeError(4, 30, DecodeErrorReason.BadLength, "").ToIsakmpNotifyType());
        Assert.Equal(Ikev1NotifyType.PayloadMalformed, new DecodeError(13, 30, DecodeErrorReason.TooMany, "").ToIsakmpNotifyType());
        Assert.Equal(Ikev1NotifyType.BadProposalSyntax, new DecodeError(3, 30, DecodeErrorReason.TooMany, "").ToIsakmpNotifyType());
        Assert.Equal(Ikev1NotifyType.InvalidCertEncoding, new DecodeError(6, 30, DecodeErrorReason.InvalidValue, "").ToIsakmpNotifyType());
        Assert.Equal(Ikev1NotifyType.InvalidPayloadType, new DecodeError(2, 30, DecodeErrorReason.UnknownCriticalPayload, "").ToIsakmpNotifyType());
    }
}
