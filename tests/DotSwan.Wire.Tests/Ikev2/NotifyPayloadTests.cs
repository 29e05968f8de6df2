using DotSwan.Wire.Ikev2;
using static DotSwan.Wire.Tests.Ikev2.Ikev2Bytes;

namespace DotSwan.Wire.Tests.Ikev2;

public sealed class NotifyPayloadTests
{
    [Fact]
    public void Status_notify_without_spi()
    {
        byte[] hash = [0x39, 0xd2, 0x2b, 0x15, 0xf4, 0x57, 0x71, 0xb8, 0x3e, 0xe8, 0x03, 0xd5, 0x1a, 0xfe, 0x47, 0x22, 0x86, 0x91, 0x02, 0x97];
        var bytes = Single(41, Concat([0, 0], U16(16388), hash));
        var n = Assert.IsType<NotifyPayload>(Ikev2Assert.RoundTrips(bytes).Payloads[0]);
        Assert.Equal(NotifyType.NatDetectionSourceIp, n.NotifyType);
        Assert.Equal(ProtocolId.None, n.ProtocolId);
        Assert.True(n.Spi.IsEmpty);
        Assert.Equal(hash, n.Data.ToArray());
        Assert.False(n.IsError);

        var view = new Ikev2MessageView();
        Assert.True(view.TryParse(bytes, out _));
        var nv = view.GetNotify(bytes, 0);
        Assert.Equal(NotifyType.NatDetectionSourceIp, nv.NotifyType);
        Assert.Equal(hash, nv.Data.ToArray());
        Assert.True(nv.Spi.IsEmpty);
    }

    [Fact]
    public void Rekey_sa_with_esp_spi()
    {
        var n = Assert.IsType<NotifyPayload>(Ikev2Assert.RoundTrips(Single(41, Concat([3, 4], U16(16393), [0xca, 0xfe, 0xba, 0xbe]))).Payloads[0]);
        Assert.Equal(NotifyType.RekeySa, n.NotifyType);
        Assert.Equal(ProtocolId.Esp, n.ProtocolId);
        Assert.Equal([0xca, 0xfe, 0xba, 0xbe], n.Spi.ToArray());
        Assert.True(n.Data.IsEmpty);
    }

    [Fact]
    public void Error_notify_with_ike_spi_and_unlisted_types_survive()
    {
        var n = Assert.IsType<NotifyPayload>(Ikev2Assert.RoundTrips(Single(41, Concat([1, 8], U16(4), new byte[8], [9]))).Payloads[0]);
        Assert.Equal(NotifyType.InvalidIkeSpi, n.NotifyType);
        Assert.True(n.IsError);
        var unlisted = Assert.IsType<NotifyPayload>(Ikev2Assert.RoundTrips(Single(41, Concat([0, 0], U16(40000)))).Payloads[0]);
        Assert.Equal((NotifyType)40000, unlisted.NotifyType);
    }

    [Fact]
    public void Iana_numbers_of_the_common_types()
    {
        Assert.Equal(1, (int)NotifyType.UnsupportedCriticalPayload);
        Assert.Equal(5, (int)NotifyType.InvalidMajorVersion);
        Assert.Equal(7, (int)NotifyType.InvalidSyntax);
        Assert.Equal(16384, (int)NotifyType.InitialContact);
        Assert.Equal(16390, (int)NotifyType.Cookie);
        Assert.Equal(16391, (int)NotifyType.UseTransportMode);
        Assert.Equal(16394, (int)NotifyType.EspTfcPaddingNotSupported);
        Assert.Equal(16396, (int)NotifyType.MobikeSupported);
        Assert.Equal(16403, (int)NotifyType.AuthLifetime);
        Assert.Equal(16438, (int)NotifyType.IntermediateExchangeSupported);
        Assert.Equal(16441, (int)NotifyType.AdditionalKeyExchange);
    }

    [Fact]
    public void Truncated_fixed_fields() => Ikev2Assert.Fails(Single(41, [0, 0, 0x40]), DecodeErrorReason.Truncated);

    [Fact]
    public void Spi_past_the_payload_is_bad_length() =>
        Ikev2Assert.Fails(Single(41, Concat([3, 4], U16(16393), [1, 2])), DecodeErrorReason.BadLength);

    [Theory]
    [InlineData(3, 8)]
    [InlineData(1, 4)]
    [InlineData(0, 4)]
    [InlineData(2, 2)]
    public void Spi_size_must_fit_the_protocol(byte protocol, int spiSize) =>
        Ikev2Assert.Fails(Single(41, Concat([protocol, (byte)spiSize], U16(16393), new byte[spiSize])), DecodeErrorReason.InvalidValue);
}
