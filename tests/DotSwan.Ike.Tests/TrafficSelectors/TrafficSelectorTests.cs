using System.Net;
using CsCheck;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Tests.TrafficSelectors;

public class TrafficSelectorTests
{
    private static TrafficSelector Ts(string text) => TrafficSelectorParser.Parse(text);

    private static List<TrafficSelector> List(params string[] texts) => [.. texts.Select(Ts)];

    [Theory]
    [InlineData("10.1.0.0/24", "10.1.0.0", "10.1.0.255", 0, 0, 65535)]
    [InlineData("10.1.0.0/24[tcp/443]", "10.1.0.0", "10.1.0.255", 6, 443, 443)]
    [InlineData("10.1.0.7/24", "10.1.0.0", "10.1.0.255", 0, 0, 65535)]
    [InlineData("0.0.0.0/0", "0.0.0.0", "255.255.255.255", 0, 0, 65535)]
    [InlineData("::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 0, 0, 65535)]
    [InlineData("2001:db8::/32[udp/500-4500]", "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 17, 500, 4500)]
    [InlineData("192.0.2.1", "192.0.2.1", "192.0.2.1", 0, 0, 65535)]
    [InlineData("10.0.0.1-10.0.0.9[udp]", "10.0.0.1", "10.0.0.9", 17, 0, 65535)]
    [InlineData("10.0.0.0/8[47]", "10.0.0.0", "10.255.255.255", 47, 0, 65535)]
    [InlineData("10.0.0.0/8[%any/53]", "10.0.0.0", "10.255.255.255", 0, 53, 53)]
    [InlineData("10.0.0.0/8[icmpv6/%any]", "10.0.0.0", "10.255.255.255", 58, 0, 65535)]
    public void Parses_strongswan_notation(string text, string start, string end, int protocol, int startPort, int endPort)
    {
        var ts = Ts(text);
        Assert.Equal(IPAddress.Parse(start), ts.StartAddress);
        Assert.Equal(IPAddress.Parse(end), ts.EndAddress);
        Assert.Equal(protocol, ts.Protocol);
        Assert.Equal(startPort, ts.StartPort);
        Assert.Equal(endPort, ts.EndPort);
        Assert.Equal(ts, Ts(ts.ToString()));
    }

    [Theory]
    [InlineData("10.1.0.0/24", "10.1.0.0/24")]
    [InlineData("10.1.0.0/24[tcp/443]", "10.1.0.0/24[tcp/443]")]
    [InlineData("192.0.2.1", "192.0.2.1/32")]
    [InlineData("10.0.0.1-10.0.0.9", "10.0.0.1..10.0.0.9")]
    [InlineData("::/0[udp/1000-2000]", "::/0[udp/1000-2000]")]
    [InlineData("10.0.0.0/8[%any/53]", "10.0.0.0/8[0/53]")]
    public void Formats_like_strongswan(string text, string formatted) => Assert.Equal(formatted, Ts(text).ToString());

    [Fact]
    public void Dynamic_is_a_placeholder_resolved_later()
    {
        Assert.True(TrafficSelectorParser.TryParse("dynamic", out var spec, out _));
        Assert.True(spec!.IsDynamic);
        Assert.Equal("192.0.2.1/32", spec.Resolve(IPAddress.Parse("192.0.2.1")).ToString());
        Assert.True(TrafficSelectorParser.TryParse("dynamic[udp/1701]", out var l2tp, out _));
        Assert.Equal("2001:db8::1/128[udp/1701]", l2tp!.Resolve(IPAddress.Parse("2001:db8::1")).ToString());
        Assert.Equal("dynamic[udp/1701]", l2tp.ToString());
        Assert.True(TrafficSelectorParser.TryParseList("dynamic, 10.0.0.0/8", out var list, out _));
        Assert.Equal(2, list.Count);
        Assert.False(list[1].IsDynamic);
    }

    [Theory]
    [InlineData("10.1.0.0/33")]
    [InlineData("10.1.0.0/24[tcp/443")]
    [InlineData("10.1.0.0/24[foo/443]")]
    [InlineData("10.1.0.0/24[tcp/99999]")]
    [InlineData("10.1.0.0/24[tcp/500-400]")]
    [InlineData("10.0.0.9-10.0.0.1")]
    [InlineData("10.0.0.1-2001:db8::1")]
    [InlineData("vpn.example.com")]
    [InlineData("")]
    public void Bad_selectors_give_an_error_naming_the_input(string text)
    {
        Assert.False(TrafficSelectorParser.TryParse(text, out var spec, out var error));
        Assert.Null(spec);
        Assert.Contains($"'{text}'", error.Message);
    }

    [Fact]
    public void Intersection_takes_common_addresses_protocol_and_ports()
    {
        var common = Ts("10.0.0.0/16").Intersect(Ts("10.0.128.0/17[tcp/80-443]"));
        Assert.Equal("10.0.128.0/17[tcp/80-443]", common!.ToString());
        Assert.Null(Ts("10.0.0.0/16[tcp]").Intersect(Ts("10.0.0.0/16[udp]")));
        Assert.Null(Ts("10.0.0.0/16").Intersect(Ts("10.1.0.0/16")));
        Assert.Null(Ts("10.0.0.0/16").Intersect(Ts("::/0")));
        Assert.Null(Ts("10.0.0.0/16[tcp/1-10]").Intersect(Ts("10.0.0.0/16[tcp/11-20]")));
    }

    [Fact]
    public void Rfc7296_2_9_responder_narrows_to_its_policy_keeping_the_packet_selector_first()
    {
        // Shape of the RFC 7296 §2.9 example: the first TSi/TSr describe the triggering packet (UDP 198.51.100.66:100 ->
        // 192.0.2.44:300), the second ones the initiator's policy ranges.
        var tsi = List("198.51.100.66[udp/100]", "198.51.100.0/24");
        var tsr = List("192.0.2.44[udp/300]", "192.0.2.0/24");

        // Policy wider than the request: the request is accepted as asked.
        var wide = TrafficSelectorNarrowing.NarrowChildSa(tsi, tsr, List("198.51.100.0/23"), List("192.0.2.0/23"), firstIsPacket: true);
        Assert.True(wide.IsAcceptable);
        Assert.Equal("198.51.100.0/24", Assert.Single(wide.Initiator).ToString());
        Assert.Equal("192.0.2.0/24", Assert.Single(wide.Responder).ToString());

        // Policy narrower than the request: two ranges on the responder side, the one holding the packet first.
        var narrow = TrafficSelectorNarrowing.NarrowChildSa(tsi, tsr, List("198.51.100.0/24"), List("192.0.2.128/25", "192.0.2.0/26"), firstIsPacket: true);
        Assert.True(narrow.IsAcceptable);
        Assert.Equal(["192.0.2.0/26", "192.0.2.128/25"], narrow.Responder.Select(t => t.ToString()));
    }

    // Measured with two strongSwan 5.9.8 charons in the lab: A (initiator) local_ts/remote_ts, B (responder) local_ts/remote_ts;
    // expected = B's "selecting traffic selectors for us/other ... => match: ..." lines in order ("|" separates entries).
    [Theory]
    [InlineData("10.1.0.0/16", "10.2.0.0/16", "10.2.0.0/24[tcp/443],10.2.1.0/24", "10.1.0.0/24",
        "10.1.0.0/24", "10.2.0.0/24[tcp/443]|10.2.1.0/24")]
    [InlineData("10.1.0.0/24,10.1.5.0/24", "10.2.0.0/24[udp],10.2.9.0/24", "10.2.0.0/16", "10.1.0.0/16[tcp]",
        "10.1.0.0/24[tcp]|10.1.5.0/24[tcp]", "10.2.0.0/24[udp]|10.2.9.0/24")]
    [InlineData("10.1.0.0/24", "10.2.0.0/24", "10.3.0.0/16", "10.1.0.0/16", "10.1.0.0/24", "")]
    public void Narrowing_matches_strongswan_5_9_8(string aLocal, string aRemote, string bLocal, string bRemote, string tsi, string tsr)
    {
        static List<TrafficSelector> Many(string text) => [.. text.Split(',').Select(Ts)];
        var result = TrafficSelectorNarrowing.NarrowChildSa(Many(aLocal), Many(aRemote), Many(bRemote), Many(bLocal));
        Assert.Equal(tsi, string.Join('|', result.Initiator));
        Assert.Equal(tsr, string.Join('|', result.Responder));
        Assert.Equal(tsr.Length > 0, result.IsAcceptable);
    }

    [Fact]
    public void Responder_narrows_protocol_and_ports()
    {
        var result = TrafficSelectorNarrowing.Narrow(List("10.0.0.0/8"), List("10.1.0.0/16[tcp/443]", "10.2.0.0/16[udp/53]"));
        Assert.Equal(["10.1.0.0/16[tcp/443]", "10.2.0.0/16[udp/53]"], result.Select(t => t.ToString()));
    }

    [Fact]
    public void Nothing_in_common_is_ts_unacceptable_with_both_sides_named()
    {
        var result = TrafficSelectorNarrowing.NarrowChildSa(List("10.0.0.0/24"), List("10.9.0.0/24"), List("10.0.0.0/24"), List("10.8.0.0/24"));
        Assert.False(result.IsAcceptable);
        Assert.Empty(result.Responder);
        Assert.Contains("10.9.0.0/24", result.Reason);
        Assert.Contains("10.8.0.0/24", result.Reason);
    }

    [Fact]
    public void Subsumed_intersections_collapse()
    {
        var result = TrafficSelectorNarrowing.Narrow(List("10.0.0.0/24", "10.0.0.0/8"), List("10.0.0.0/16"));
        Assert.Equal("10.0.0.0/16", Assert.Single(result).ToString());
    }

    [Fact]
    public void Ikev1_ids_round_trip_host_subnet_and_range()
    {
        foreach (var (text, type) in new[]
        {
            ("192.0.2.1[udp/500]", IpsecDoiIdType.Ipv4Address),
            ("10.1.0.0/24", IpsecDoiIdType.Ipv4AddressSubnet),
            ("0.0.0.0/0", IpsecDoiIdType.Ipv4AddressSubnet),
            ("10.0.0.1-10.0.0.9[tcp]", IpsecDoiIdType.Ipv4AddressRange),
            ("2001:db8::1", IpsecDoiIdType.Ipv6Address),
            ("2001:db8::/48[tcp/22]", IpsecDoiIdType.Ipv6AddressSubnet),
            ("::/0", IpsecDoiIdType.Ipv6AddressSubnet),
            ("2001:db8::1-2001:db8::9", IpsecDoiIdType.Ipv6AddressRange),
        })
        {
            var ts = Ts(text);
            Assert.True(Ikev1TrafficSelectorConverter.TryToIdPayload(ts, out var id, out var reason), reason);
            Assert.Equal(type, id!.IdType);
            Assert.True(Ikev1TrafficSelectorConverter.TryFromIdPayload(id, out var back, out reason), reason);
            Assert.Equal(ts, back);
        }
    }

    [Fact]
    public void Ikev1_subnet_id_bytes_are_address_then_mask()
    {
        Assert.True(Ikev1TrafficSelectorConverter.TryToIdPayload(Ts("10.1.0.0/24[tcp/443]"), out var id, out _));
        Assert.Equal(Convert.FromHexString("0A010000FFFFFF00"), id!.Data.ToArray());
        Assert.Equal(6, id.ProtocolId);
        Assert.Equal(443, id.Port);
    }

    [Fact]
    public void Ikev1_refuses_port_ranges_non_contiguous_masks_and_non_address_ids()
    {
        Assert.False(Ikev1TrafficSelectorConverter.TryToIdPayload(Ts("10.0.0.0/8[tcp/1-2]"), out _, out _));
        var mask = new IdentificationPayload(IpsecDoiIdType.Ipv4AddressSubnet, 0, 0, Convert.FromHexString("0A000000FF00FF00"));
        Assert.False(Ikev1TrafficSelectorConverter.TryFromIdPayload(mask, out _, out var reason));
        Assert.Contains("contiguous", reason);
        var fqdn = new IdentificationPayload(IpsecDoiIdType.Fqdn, 0, 0, "x"u8.ToArray());
        Assert.False(Ikev1TrafficSelectorConverter.TryFromIdPayload(fqdn, out _, out _));
        var shortData = new IdentificationPayload(IpsecDoiIdType.Ipv4AddressRange, 0, 0, new byte[5]);
        Assert.False(Ikev1TrafficSelectorConverter.TryFromIdPayload(shortData, out _, out _));
    }

    private static readonly Gen<TrafficSelector> GenV4 =
        Gen.Select(Gen.UInt, Gen.UInt, Gen.Int[0, 2].Select(i => (byte)(i switch { 0 => 0, 1 => 6, _ => 17 })), Gen.UShort, Gen.UShort, (a, b, p, x, y) =>
        {
            TrafficSelector.TryCreate(V4(Math.Min(a, b)), V4(Math.Max(a, b)), p, Math.Min(x, y), Math.Max(x, y), out var ts, out _);
            return ts!;
        });

    private static readonly Gen<TrafficSelector> GenSubnet =
        Gen.Select(Gen.UInt, Gen.Int[0, 32], Gen.Int[0, 2].Select(i => (byte)(i switch { 0 => 0, 1 => 6, _ => 17 })), (a, prefix, p) => TrafficSelector.FromSubnet(V4(a), prefix, p));

    private static IPAddress V4(uint value) => TrafficSelector.FromValue(value, false);

    [Fact]
    public void Narrowing_result_is_always_within_both_inputs()
    {
        var gen = Gen.OneOf(GenV4, GenSubnet);
        Gen.Select(gen.List[1, 4], gen.List[1, 4]).Sample((proposed, policy) =>
        {
            foreach (var ts in TrafficSelectorNarrowing.Narrow(proposed, policy))
            {
                Assert.Contains(proposed, p => p.Contains(ts));
                Assert.Contains(policy, p => p.Contains(ts));
            }
        });
    }

    [Fact]
    public void Intersection_is_commutative_and_contained()
    {
        Gen.Select(GenV4, GenV4).Sample((a, b) =>
        {
            var ab = a.Intersect(b);
            Assert.Equal(ab, b.Intersect(a));
            if (ab is not null) { Assert.True(a.Contains(ab) && b.Contains(ab)); }
        });
    }

    [Fact]
    public void Format_then_parse_is_identity()
    {
        Gen.OneOf(GenV4, GenSubnet).Sample(ts => Assert.Equal(ts, Ts(ts.ToString())));
    }

    [Fact]
    public void Garbage_never_throws()
    {
        Gen.String.Sample(text =>
        {
            if (TrafficSelectorParser.TryParseList(text, out var specs, out var error)) { Assert.NotEmpty(specs); }
            else { Assert.NotEmpty(error.Message); }
        });
    }
}
