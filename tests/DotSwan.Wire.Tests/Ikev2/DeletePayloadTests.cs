using DotSwan.Wire.Ikev2;
using static DotSwan.Wire.Tests.Ikev2.Ikev2Bytes;

namespace DotSwan.Wire.Tests.Ikev2;

public sealed class DeletePayloadTests
{
    [Fact]
    public void Esp_spis()
    {
        var d = Assert.IsType<DeletePayload>(Ikev2Assert.RoundTrips(Single(42, Concat([3, 4], U16(2), [1, 2, 3, 4, 5, 6, 7, 8]))).Payloads[0]);
        Assert.Equal(ProtocolId.Esp, d.ProtocolId);
        Assert.Equal(4, d.SpiSize);
        Assert.Equal(["01020304", "05060708"], d.Spis.Select(s => Convert.ToHexString(s.Span)));
    }

    [Fact]
    public void Ike_sa_has_no_spis()
    {
        var d = Assert.IsType<DeletePayload>(Ikev2Assert.RoundTrips(Single(42, [1, 0, 0, 0])).Payloads[0]);
        Assert.Equal(ProtocolId.Ike, d.ProtocolId);
        Assert.Empty(d.Spis);
    }

    [Fact]
    public void Truncated_fixed_fields() => Ikev2Assert.Fails(Single(42, [3, 4, 0]), DecodeErrorReason.Truncated);

    [Fact]
    public void Fewer_spi_bytes_than_counted_is_truncated() =>
        Ikev2Assert.Fails(Single(42, Concat([3, 4], U16(2), [1, 2, 3, 4])), DecodeErrorReason.Truncated);

    [Fact]
    public void More_spi_bytes_than_counted_is_trailing() =>
        Ikev2Assert.Fails(Single(42, Concat([3, 4], U16(1), [1, 2, 3, 4, 5])), DecodeErrorReason.TrailingBytes);

    [Theory]
    [InlineData(1, 8, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(3, 8, 1)]
    [InlineData(0, 4, 1)]
    public void Spi_size_must_fit_the_protocol(byte protocol, int spiSize, int count) =>
        Ikev2Assert.Fails(Single(42, Concat([protocol, (byte)spiSize], U16(count), new byte[spiSize * count])), DecodeErrorReason.InvalidValue);
}
