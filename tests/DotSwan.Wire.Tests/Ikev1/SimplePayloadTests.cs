using DotSwan.Wire.Ikev1;
using static DotSwan.Wire.Tests.Ikev1.IsakmpBytes;

namespace DotSwan.Wire.Tests.Ikev1;

/// <summary>Payloads whose body is one byte string: KE, HASH, SIG, NONCE, VID, NAT-D and unknown types.</summary>
public sealed class SimplePayloadTests
{
    public static TheoryData<byte, Type> OpaqueTypes => new()
    {
        { 4, typeof(KeyExchangePayload) },
        { 8, typeof(HashPayload) },
        { 9, typeof(SignaturePayload) },
        { 10, typeof(NoncePayload) },
        { 13, typeof(VendorIdPayload) },
        { 20, typeof(NatDiscoveryPayload) },
        { 130, typeof(NatDiscoveryPayload) },
    };

    [Theory]
    [MemberData(nameof(OpaqueTypes))]
    public void Opaque_payloads_round_trip_with_their_data(byte type, Type expected)
    {
        var data = Enumerable.Range(1, 33).Select(i => (byte)i).ToArray();
        var message = IsakmpAssert.Decodes(Message(type, Payload(0, data)));
        var payload = Assert.IsAssignableFrom<OpaqueDataPayload>(Assert.Single(message.Payloads));
        Assert.IsType(expected, payload);
        Assert.Equal((IsakmpPayloadType)type, payload.PayloadType);
        Assert.Equal(data, payload.Data.ToArray());
        Assert.Equal(Message(type, Payload(0, data)), IsakmpAssert.Encode(message));
    }

    [Theory]
    [MemberData(nameof(OpaqueTypes))]
    public void Opaque_payloads_may_be_empty(byte type, Type expected)
    {
        var payload = Assert.Single(IsakmpAssert.Decodes(Message(type, Payload(0, []))).Payloads);
        Assert.IsType(expected, payload);
        Assert.Equal(0, ((OpaqueDataPayload)payload).Data.Length);
    }

    [Theory]
    [MemberData(nameof(OpaqueTypes))]
    public void Opaque_payload_lengths_are_checked(byte type, Type expected)
    {
        _ = expected;
        IsakmpAssert.Fails(Message(type, Payload(0, new byte[8], length: 3)), type, 30, DecodeErrorReason.BadLength);
        IsakmpAssert.Fails(Message(type, Payload(0, new byte[8], length: 13)), type, 30, DecodeErrorReason.BadLength);
        IsakmpAssert.Fails(Message(type, Payload(0, new byte[8])[..3]), type, 28, DecodeErrorReason.Truncated);
    }

    [Fact]
    public void Nat_discovery_keeps_the_draft_number()
    {
        var hash = Hex("d645b7fd6dd37da3183fcac4f815b4cb67d508b6");
        var draft = IsakmpAssert.RoundTripsSingle<NatDiscoveryPayload>(Message(130, Payload(0, hash)));
        Assert.True(draft.UsesDraftNumber);
        Assert.Equal(hash, draft.Hash.ToArray());
        var rfc = IsakmpAssert.RoundTripsSingle<NatDiscoveryPayload>(Message(20, Payload(0, hash)));
        Assert.False(rfc.UsesDraftNumber);
        Assert.NotEqual<IsakmpPayload>(draft, rfc);
        Assert.Equal(new NatDiscoveryPayload(hash.ToArray()), rfc);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(99)]
    [InlineData(132)]
    [InlineData(255)]
    public void Unknown_payloads_are_kept_and_skipped(byte type)
    {
        var body = Hex("deadbeef");
        var datagram = Message(type, Concat(Payload(13, body), Payload(0, Hex("01020304"))));
        var message = IsakmpAssert.Decodes(datagram);
        var unknown = Assert.IsType<UnknownPayload>(message.Payloads[0]);
        Assert.Equal((IsakmpPayloadType)type, unknown.PayloadType);
        Assert.Equal(body, unknown.Body.ToArray());
        Assert.IsType<VendorIdPayload>(message.Payloads[1]);
        Assert.Equal(datagram, IsakmpAssert.Encode(message));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Proposal_or_transform_outside_an_sa_is_an_invalid_payload_type(byte type)
    {
        var error = IsakmpAssert.Fails(Message(13, Concat(Payload(type, Hex("01020304")), Payload(0, Hex("0000000000000000")))));
        Assert.Equal((type, 36, DecodeErrorReason.UnknownCriticalPayload), (error.PayloadType, error.Offset, error.Reason));
        Assert.Equal(Ikev1NotifyType.InvalidPayloadType, error.ToIsakmpNotifyType());
    }
}
