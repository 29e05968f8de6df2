using System.Net;
using DotSwan.Wire.Ikev2;
using static DotSwan.Wire.Tests.Ikev2.Ikev2Bytes;

namespace DotSwan.Wire.Tests.Ikev2;

public sealed class TrafficSelectorPayloadTests
{
    private static byte[] V4(byte protocol, int start, int end, string from, string to) =>
        Concat([7, protocol], U16(16), U16(start), U16(end), IPAddress.Parse(from).GetAddressBytes(), IPAddress.Parse(to).GetAddressBytes());

    private static byte[] V6(string from, string to) =>
        Concat([8, 0], U16(40), U16(0), U16(65535), IPAddress.Parse(from).GetAddressBytes(), IPAddress.Parse(to).GetAddressBytes());

    [Theory]
    [InlineData(44, true)]
    [InlineData(45, false)]
    public void Ipv4_and_ipv6_ranges(byte type, bool initiator)
    {
        var body = Concat([2, 0, 0, 0], V4(17, 500, 500, "10.1.0.0", "10.1.255.255"), V6("2001:db8::", "2001:db8::ffff"));
        var ts = Assert.IsType<TrafficSelectorPayload>(Ikev2Assert.RoundTrips(Single(type, body)).Payloads[0]);
        Assert.Equal(initiator, ts.IsInitiator);
        Assert.Equal(2, ts.Selectors.Count);
        Assert.Equal(new TrafficSelector(TrafficSelectorType.Ipv4AddressRange, 17, 500, 500, IPAddress.Parse("10.1.0.0"), IPAddress.Parse("10.1.255.255")), ts.Selectors[0]);
        Assert.Equal(new TrafficSelector(TrafficSelectorType.Ipv6AddressRange, 0, 0, 65535, IPAddress.Parse("2001:db8::"), IPAddress.Parse("2001:db8::ffff")), ts.Selectors[1]);
    }

    [Fact]
    public void The_view_walks_selectors_in_place()
    {
        var bytes = Single(44, Concat([2, 0, 0, 0], V4(6, 80, 443, "10.1.0.0", "10.1.255.255"), V6("2001:db8::", "2001:db8::ffff")));
        var view = new Ikev2MessageView();
        Assert.True(view.TryParse(bytes, out _));
        var found = new List<string>();
        foreach (var s in view.GetTrafficSelectors(bytes, 0))
        {
            found.Add($"{s.Type} {s.IpProtocol} {s.StartPort}-{s.EndPort} {new IPAddress(s.StartAddress)}-{new IPAddress(s.EndAddress)}");
        }
        Assert.Equal(["Ipv4AddressRange 6 80-443 10.1.0.0-10.1.255.255", "Ipv6AddressRange 0 0-65535 2001:db8::-2001:db8::ffff"], found);
    }

    [Fact]
    public void Ipv4_selector_with_length_40_is_bad_length()
    {
        var selector = V4(0, 0, 65535, "10.0.0.0", "10.0.0.255");
        selector[3] = 40;
        var e = Ikev2Assert.Fails(Single(44, Concat([1, 0, 0, 0], selector, new byte[24])), DecodeErrorReason.BadLength);
        Assert.Equal(44, e.PayloadType);
        Assert.Equal(28 + 4 + 4 + 2, e.Offset);
    }

    [Fact]
    public void Ipv6_selector_with_length_16_is_bad_length()
    {
        var selector = V6("::", "::1");
        selector[3] = 16;
        Ikev2Assert.Fails(Single(45, Concat([1, 0, 0, 0], selector)), DecodeErrorReason.BadLength);
    }

    [Fact]
    public void Unknown_selector_type_is_invalid()
    {
        var selector = V4(0, 0, 65535, "10.0.0.0", "10.0.0.255");
        selector[0] = 13;
        Ikev2Assert.Fails(Single(44, Concat([1, 0, 0, 0], selector)), DecodeErrorReason.InvalidValue);
    }

    [Fact]
    public void More_selectors_counted_than_present_is_truncated() =>
        Ikev2Assert.Fails(Single(44, Concat([2, 0, 0, 0], V4(0, 0, 65535, "10.0.0.0", "10.0.0.255"))), DecodeErrorReason.Truncated);

    [Fact]
    public void Selector_cut_short_is_truncated() =>
        Ikev2Assert.Fails(Single(44, Concat([1, 0, 0, 0], V4(0, 0, 65535, "10.0.0.0", "10.0.0.255")[..12])), DecodeErrorReason.Truncated);

    [Fact]
    public void Bytes_after_the_counted_selectors_are_trailing() =>
        Ikev2Assert.Fails(Single(44, Concat([1, 0, 0, 0], V4(0, 0, 65535, "10.0.0.0", "10.0.0.255"), [0])), DecodeErrorReason.TrailingBytes);

    [Fact]
    public void Reserved_bytes_when_strict() =>
        Ikev2Assert.Fails(Single(44, Concat([1, 0, 1, 0], V4(0, 0, 65535, "10.0.0.0", "10.0.0.255"))), DecodeErrorReason.ReservedBitsSet, new Ikev2DecodeOptions { Strict = true });

    [Fact]
    public void Encoding_rejects_an_address_of_the_wrong_family()
    {
        var payload = new TrafficSelectorPayload(true, [new TrafficSelector(TrafficSelectorType.Ipv4AddressRange, 0, 0, 65535, IPAddress.IPv6Any, IPAddress.IPv6Any)]);
        var message = new Ikev2Message(default(Ikev2Header) with { MajorVersion = 2 }, [payload]);
        Assert.Throws<InvalidOperationException>(() => Ikev2MessageCodec.Encode(message));
    }
}
