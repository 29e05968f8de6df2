using DotSwan.Wire.Ikev2;
using static DotSwan.Wire.Tests.Ikev2.Ikev2Bytes;

namespace DotSwan.Wire.Tests.Ikev2;

public sealed class ConfigurationPayloadTests
{
    [Fact]
    public void Request_with_empty_attributes_and_reply_with_values()
    {
        var request = Assert.IsType<ConfigurationPayload>(Ikev2Assert.RoundTrips(Single(47, Concat([1, 0, 0, 0], U16(1), U16(0), U16(10), U16(0)))).Payloads[0]);
        Assert.Equal(ConfigurationType.Request, request.Type);
        Assert.Equal([ConfigurationAttributeType.InternalIp4Address, ConfigurationAttributeType.InternalIp6Dns], request.Attributes.Select(a => a.Type));
        Assert.All(request.Attributes, a => Assert.True(a.Value.IsEmpty));

        var reply = Assert.IsType<ConfigurationPayload>(Ikev2Assert.RoundTrips(Single(47, Concat([2, 0, 0, 0], U16(1), U16(4), [10, 3, 0, 1]))).Payloads[0]);
        Assert.Equal(ConfigurationType.Reply, reply.Type);
        Assert.Equal([10, 3, 0, 1], reply.Attributes[0].Value.ToArray());
    }

    [Fact]
    public void Truncated_fixed_fields() => Ikev2Assert.Fails(Single(47, [1, 0]), DecodeErrorReason.Truncated);

    [Fact]
    public void Truncated_attribute_header() => Ikev2Assert.Fails(Single(47, Concat([1, 0, 0, 0], [0, 1, 0])), DecodeErrorReason.Truncated);

    [Fact]
    public void Attribute_length_past_the_payload_is_bad_length() =>
        Ikev2Assert.Fails(Single(47, Concat([2, 0, 0, 0], U16(1), U16(5), [10, 3, 0, 1])), DecodeErrorReason.BadLength);

    [Fact]
    public void Attribute_reserved_bit_when_strict()
    {
        var bytes = Single(47, Concat([1, 0, 0, 0], U16(0x8001), U16(0)));
        Assert.True(Ikev2MessageCodec.TryDecode(bytes, out _, out _));
        Ikev2Assert.Fails(bytes, DecodeErrorReason.ReservedBitsSet, new Ikev2DecodeOptions { Strict = true });
    }

    [Fact]
    public void More_than_64_attributes_is_too_many()
    {
        var attributes = Enumerable.Range(0, 65).Select(_ => Concat(U16(3), U16(0))).ToArray();
        Ikev2Assert.Fails(Single(47, Concat([1, 0, 0, 0], Concat(attributes))), DecodeErrorReason.TooMany);
    }
}
