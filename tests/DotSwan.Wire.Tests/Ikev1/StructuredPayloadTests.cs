using DotSwan.Wire.Ikev1;
using static DotSwan.Wire.Tests.Ikev1.IsakmpBytes;

namespace DotSwan.Wire.Tests.Ikev1;

/// <summary>ID, CERT, CR, N, D, NAT-OA and Attribute payloads: layouts of RFC 2407/2408/3947 and the Mode Config draft.</summary>
public sealed class StructuredPayloadTests
{
    private static readonly IsakmpDecodeOptions Strict = new() { Strict = true };

    [Theory]
    [InlineData(1, "c0000201")]
    [InlineData(2, "612e6c61622e6578616d706c65")]
    [InlineData(3, "616c69636540612e6578616d706c65")]
    [InlineData(4, "0a010000ffffff00")]
    [InlineData(5, "20010db8000000000000000000000001")]
    [InlineData(6, "20010db8000000000000000000000000ffffffffffffffff0000000000000000")]
    [InlineData(7, "0a0100000a0100ff")]
    [InlineData(8, "20010db800000000000000000000000120010db8000000000000000000000009")]
    [InlineData(9, "3011310f300d06035504030c0661626364")]
    [InlineData(10, "820b612e6578616d706c65")]
    [InlineData(11, "0102030405")]
    public void Identification_round_trips_every_ipsec_doi_type(byte idType, string data)
    {
        var body = Concat([idType, 17], Hex("01f4"), Hex(data));
        var id = IsakmpAssert.RoundTripsSingle<IdentificationPayload>(Message(5, Payload(0, body)));
        Assert.Equal((IpsecDoiIdType)idType, id.IdType);
        Assert.Equal((17, (ushort)500), (id.ProtocolId, id.Port));
        Assert.Equal(Hex(data), id.Data.ToArray());
    }

    [Theory]
    [InlineData(1, "c00002")]
    [InlineData(4, "0a010000")]
    [InlineData(5, "20010db8")]
    [InlineData(8, "20010db8000000000000000000000001")]
    public void Identification_address_length_must_fit_its_type(byte idType, string data)
    {
        var error = IsakmpAssert.Fails(Message(5, Payload(0, Concat([idType, 0, 0, 0], Hex(data)))));
        Assert.Equal((5, 36, DecodeErrorReason.InvalidValue), (error.PayloadType, error.Offset, error.Reason));
        Assert.Equal(Ikev1NotifyType.InvalidIdInformation, error.ToIsakmpNotifyType());
    }

    [Fact]
    public void Identification_shorter_than_its_fixed_fields_is_a_bad_length()
    {
        IsakmpAssert.Fails(Message(5, Payload(0, Hex("021100"))), 5, 32, DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Certificate_and_request_round_trip()
    {
        var cert = IsakmpAssert.RoundTripsSingle<CertificatePayload>(Message(6, Payload(0, Hex("04 308201"))));
        Assert.Equal((Ikev1CertificateEncoding.X509Signature, "308201"), (cert.Encoding, Convert.ToHexString(cert.Data.Span).ToLowerInvariant()));
        var cr = IsakmpAssert.RoundTripsSingle<CertificateRequestPayload>(Message(7, Payload(0, Hex("04 3011"))));
        Assert.Equal((Ikev1CertificateEncoding.X509Signature, 2), (cr.CertificateType, cr.CertificateAuthority.Length));
        var anyCa = IsakmpAssert.RoundTripsSingle<CertificateRequestPayload>(Message(7, Payload(0, Hex("04"))));
        Assert.True(anyCa.CertificateAuthority.IsEmpty);
    }

    [Fact]
    public void Certificate_and_request_need_their_type_byte()
    {
        IsakmpAssert.Fails(Message(6, Payload(0, [])), 6, 32, DecodeErrorReason.BadLength);
        IsakmpAssert.Fails(Message(7, Payload(0, [])), 7, 32, DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Notification_with_cookie_spi_round_trips()
    {
        // INITIAL-CONTACT as strongSwan sends it: IPsec DOI, ISAKMP, SPI = CKY-I | CKY-R, no data.
        var body = Hex("00000001 01 10 6002 40f26dc248defd86ab3e2e606855f7a3");
        var n = IsakmpAssert.RoundTripsSingle<NotificationPayload>(Message(11, Payload(0, body)));
        Assert.Equal((1u, IpsecProtocolId.Isakmp, Ikev1NotifyType.InitialContact), (n.Doi, n.ProtocolId, n.NotifyType));
        Assert.Equal(16, n.Spi.Length);
        Assert.True(n.Data.IsEmpty);
    }

    [Fact]
    public void Dpd_notification_carries_its_sequence_number()
    {
        var body = Hex("00000001 01 10 8d28 0102030405060708 1112131415161718 0000002a");
        var n = IsakmpAssert.RoundTripsSingle<NotificationPayload>(Message(11, Payload(0, body), exchange: 5));
        Assert.Equal(Ikev1NotifyType.RUThere, n.NotifyType);
        Assert.Equal(Hex("0000002a"), n.Data.ToArray());
        Assert.Equal(36137, (int)Ikev1NotifyType.RUThereAck);
    }

    [Fact]
    public void Notification_errors()
    {
        IsakmpAssert.Fails(Message(11, Payload(0, Hex("00000001 01 00 00"))), 11, 32, DecodeErrorReason.BadLength);
        IsakmpAssert.Fails(Message(11, Payload(0, Hex("00000001 03 04 000e 0000"))), 11, 37, DecodeErrorReason.BadLength);
        var error = IsakmpAssert.Fails(Message(11, Payload(0, Concat(Hex("00000001 01 11 000e"), new byte[17]))));
        Assert.Equal((11, 37, DecodeErrorReason.InvalidValue), (error.PayloadType, error.Offset, error.Reason));
    }

    [Fact]
    public void Delete_round_trips_esp_and_isakmp_spis()
    {
        var esp = IsakmpAssert.RoundTripsSingle<DeletePayload>(Message(12, Payload(0, Hex("00000001 03 04 0002 c56216b4 4f557750")), exchange: 5));
        Assert.Equal((1u, IpsecProtocolId.Esp, (byte)4, 2), (esp.Doi, esp.ProtocolId, esp.SpiSize, esp.Spis.Count));
        Assert.Equal(Hex("4f557750"), esp.Spis[1].ToArray());
        var ike = IsakmpAssert.RoundTripsSingle<DeletePayload>(Message(12, Payload(0, Hex("00000001 01 10 0001 40f26dc248defd86ab3e2e606855f7a3")), exchange: 5));
        Assert.Equal(16, Assert.Single(ike.Spis).Length);
    }

    [Fact]
    public void Delete_errors()
    {
        IsakmpAssert.Fails(Message(12, Payload(0, Hex("00000001 03 04 00"))), 12, 32, DecodeErrorReason.BadLength);
        IsakmpAssert.Fails(Message(12, Payload(0, Hex("00000001 03 04 0002 c56216b4"))), 12, 38, DecodeErrorReason.BadLength);
        IsakmpAssert.Fails(Message(12, Payload(0, Hex("00000001 03 04 0001 c56216b4 00"))), 12, 38, DecodeErrorReason.BadLength);
        var error = IsakmpAssert.Fails(Message(12, Payload(0, Hex("00000001 03 00 0001"))));
        Assert.Equal((12, 37, DecodeErrorReason.InvalidValue), (error.PayloadType, error.Offset, error.Reason));
        Assert.Equal(Ikev1NotifyType.InvalidSpi, error.ToIsakmpNotifyType());
        var many = Concat(Hex("00000001 03 04 0041"), new byte[65 * 4]);
        IsakmpAssert.Fails(Message(12, Payload(0, many)), 12, 38, DecodeErrorReason.TooMany);
    }

    [Fact]
    public void Delete_encoder_rejects_spis_of_the_wrong_size()
    {
        var delete = new DeletePayload(1, IpsecProtocolId.Esp, 4, [new byte[3]]);
        Assert.Throws<InvalidOperationException>(() => IsakmpPayloadChain.Encode([delete], new byte[20]));
    }

    [Theory]
    [InlineData(21, "01000000c0000201")]
    [InlineData(131, "01000000c0000201")]
    [InlineData(21, "0500000020010db8000000000000000000000001")]
    public void Nat_original_address_round_trips_and_keeps_its_number(byte type, string body)
    {
        var oa = IsakmpAssert.RoundTripsSingle<NatOriginalAddressPayload>(Message(type, Payload(0, Hex(body)), exchange: 32));
        Assert.Equal((IsakmpPayloadType)type, oa.PayloadType);
        Assert.Equal(type == 131, oa.UsesDraftNumber);
        Assert.Equal(Hex(body)[4..], oa.Address.ToArray());
    }

    [Fact]
    public void Nat_original_address_errors()
    {
        IsakmpAssert.Fails(Message(21, Payload(0, Hex("010000"))), 21, 32, DecodeErrorReason.BadLength);
        IsakmpAssert.Fails(Message(21, Payload(0, Hex("02000000 c0000201"))), 21, 32, DecodeErrorReason.InvalidValue);
        IsakmpAssert.Fails(Message(131, Payload(0, Hex("01000000 c00002"))), 131, 36, DecodeErrorReason.InvalidValue);
        var reserved = Message(21, Payload(0, Hex("01000100 c0000201")));
        IsakmpAssert.Decodes(reserved);
        IsakmpAssert.Fails(reserved, 21, 33, DecodeErrorReason.ReservedBitsSet, Strict);
    }

    [Fact]
    public void Attribute_payload_round_trips_a_mode_config_request_and_reply()
    {
        // Request: INTERNAL_IP4_ADDRESS (1) and INTERNAL_IP4_DNS (3) with empty values; XAUTH_TYPE (16520) as TV.
        var request = Concat(Hex("01 00 1234"), Tlv(1, []), Tlv(3, []), Tv(16520, 0));
        var cfg = IsakmpAssert.RoundTripsSingle<AttributePayload>(Message(14, Payload(0, request), exchange: 6, messageId: 99));
        Assert.Equal((ModeConfigType.Request, (ushort)0x1234, 3), (cfg.Type, cfg.Identifier, cfg.Attributes.Count));
        Assert.True(cfg.Attributes[0].TlvValue.IsEmpty);
        Assert.True(cfg.Attributes[2].IsTv);
        Assert.Equal([ModeConfigAttributeType.InternalIp4Address, ModeConfigAttributeType.InternalIp4Dns, ModeConfigAttributeType.XauthType], cfg.Attributes.Select(a => a.ModeConfigType));
        var reply = Concat(Hex("02 00 1234"), Tlv(1, Hex("0a000001")));
        cfg = IsakmpAssert.RoundTripsSingle<AttributePayload>(Message(14, Payload(0, reply), exchange: 6));
        Assert.Equal(Hex("0a000001"), Assert.Single(cfg.Attributes).TlvValue.ToArray());
        var ack = IsakmpAssert.RoundTripsSingle<AttributePayload>(Message(14, Payload(0, Hex("04 00 0001")), exchange: 6));
        Assert.Empty(ack.Attributes);
    }

    [Fact]
    public void Attribute_payload_errors()
    {
        IsakmpAssert.Fails(Message(14, Payload(0, Hex("010012"))), 14, 32, DecodeErrorReason.BadLength);
        IsakmpAssert.Fails(Message(14, Payload(0, Concat(Hex("01 00 0001"), Tlv(1, Hex("0a00"), length: 4)))), 14, 36, DecodeErrorReason.BadLength);
        var reserved = Message(14, Payload(0, Hex("01 01 0001")));
        IsakmpAssert.Decodes(reserved);
        IsakmpAssert.Fails(reserved, 14, 33, DecodeErrorReason.ReservedBitsSet, Strict);
        var many = Concat(Hex("01 00 0001"), Concat(Enumerable.Range(0, 65).Select(_ => Tlv(1, [])).ToArray()));
        IsakmpAssert.Fails(Message(14, Payload(0, many)), 14, 36 + (64 * 4), DecodeErrorReason.TooMany);
    }
}
