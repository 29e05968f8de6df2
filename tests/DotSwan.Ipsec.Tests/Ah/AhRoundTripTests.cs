using System.Net;
using DotSwan.Crypto;
using DotSwan.Ipsec.Backends.Memory;
using DotSwan.Ipsec.Driver;
using DotSwan.Ipsec.Encapsulation;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.Manual;
using DotSwan.Ipsec.Sad;
using DotSwan.Ipsec.Spd;
using DotSwan.Ipsec.Tests.Driver;
using DotSwan.Ipsec.Tests.Spd;

namespace DotSwan.Ipsec.Tests.Ah;

/// <summary>AH SAs end to end: every integrity algorithm, IPv4 and IPv6, tunnel and transport, replay, ESN, tampering, SAD, driver, manual keying.</summary>
public sealed class AhRoundTripTests
{
    public static TheoryData<IntegrityAlgorithm, bool, IpsecMode> AllCases()
    {
        var data = new TheoryData<IntegrityAlgorithm, bool, IpsecMode>();
        foreach (var integrity in AhSas.AllIntegrity)
        {
            foreach (bool ipv6 in new[] { false, true })
            {
                data.Add(integrity, ipv6, IpsecMode.Tunnel);
                data.Add(integrity, ipv6, IpsecMode.Transport);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Every_integrity_algorithm_round_trips_and_detects_tampering(IntegrityAlgorithm integrity, bool ipv6, IpsecMode mode)
    {
        var (outbound, inbound) = AhSas.Pair(integrity, ipv6, mode);
        using var o = outbound;
        using var i = inbound;
        byte[] payload = mode == IpsecMode.Tunnel ? AhSas.InnerIpv4(120) : [.. Enumerable.Range(0, 77).Select(b => (byte)b)];
        byte nextHeader = mode == IpsecMode.Tunnel ? EspPacket.NextHeaderIpv4 : (byte)17;
        for (int n = 1; n <= 3; n++)
        {
            var buffer = new byte[600];
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulatePacket(payload, nextHeader, buffer, out int written));
            Assert.Equal(outbound.OuterHeaderLength + outbound.EncapsulatedLength(payload.Length), written);
            var wire = buffer.AsSpan(0, written).ToArray();
            Assert.Equal(OuterPacketKind.Ah, OuterHeader.TryRead(wire, out _));

            var tampered = wire.ToArray();
            tampered[^1] ^= 0x80;
            Assert.Equal(EspStatus.BadIcv, inbound.TryDecapsulatePacket(tampered, out _));

            Assert.Equal(EspStatus.Ok, inbound.TryDecapsulatePacket(wire, out var result));
            Assert.Equal(payload, wire.AsSpan(result.PayloadRange).ToArray());
            Assert.Equal(nextHeader, result.NextHeader);
            Assert.Equal((ulong)n, result.SequenceNumber);
            Assert.Equal(EspStatus.ReplayDuplicate, inbound.TryDecapsulatePacket(wire, out _));
        }

        Assert.Equal(3, inbound.Counters.Packets);
        Assert.Equal(3, inbound.Counters.Drops(EspStatus.BadIcv));
        Assert.Equal(3, inbound.Counters.Drops(EspStatus.ReplayDuplicate));
    }

    [Fact]
    public void In_place_encapsulation_from_payload_offset_gives_the_same_packet()
    {
        var (outbound, _) = AhSas.Pair(IntegrityAlgorithm.HmacSha256128, ipv6: true);
        var (twin, inbound) = AhSas.Pair(IntegrityAlgorithm.HmacSha256128, ipv6: true);
        using var a = outbound;
        using var b = twin;
        using var c = inbound;
        var inner = AhSas.InnerIpv4(200);
        var copied = new byte[400];
        Assert.Equal(EspStatus.Ok, outbound.TryEncapsulatePacket(inner, EspPacket.NextHeaderIpv4, copied, out int written));
        var buffer = new byte[400];
        int offset = twin.OuterHeaderLength + twin.PayloadOffset;
        inner.CopyTo(buffer, offset);
        Assert.Equal(EspStatus.Ok, twin.TryEncapsulatePacket(buffer.AsSpan(offset, inner.Length), EspPacket.NextHeaderIpv4, buffer, out int inPlace));
        Assert.Equal(copied.AsSpan(0, written).ToArray(), buffer.AsSpan(0, inPlace).ToArray());
    }

    [Fact]
    public void Esn_sas_cross_the_32_bit_boundary()
    {
        var (outbound, inbound) = AhSas.Pair(IntegrityAlgorithm.AesXcbc96, ipv6: false, esn: true);
        using var o = outbound;
        using var i = inbound;
        ulong start = uint.MaxValue - 2;
        outbound.SetNextSequenceNumber(start);
        inbound.ReplayWindow!.Update(start - 1);
        var inner = AhSas.InnerIpv4();
        for (ulong n = start; n < start + 6; n++)
        {
            // A buffer with no room behind the packet: seq_hi goes through the pooled fallback.
            var buffer = new byte[outbound.OuterHeaderLength + outbound.EncapsulatedLength(inner.Length)];
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulatePacket(inner, EspPacket.NextHeaderIpv4, buffer, out _));
            Assert.Equal(EspStatus.Ok, inbound.TryDecapsulatePacket(buffer, out var result));
            Assert.Equal(n, result.SequenceNumber);
        }
    }

    [Fact]
    public void Sequence_numbers_run_out_without_esn()
    {
        var (outbound, _) = AhSas.Pair(IntegrityAlgorithm.HmacSha196, ipv6: false);
        using var o = outbound;
        outbound.SetNextSequenceNumber(uint.MaxValue);
        var buffer = new byte[300];
        Assert.Equal(EspStatus.Ok, outbound.TryEncapsulatePacket(AhSas.InnerIpv4(), 4, buffer, out _));
        Assert.Equal(EspStatus.SequenceOverflow, outbound.TryEncapsulatePacket(AhSas.InnerIpv4(), 4, buffer, out _));
    }

    [Fact]
    public void Esp_only_calls_are_refused_and_bad_settings_say_why()
    {
        var (outbound, inbound) = AhSas.Pair(IntegrityAlgorithm.HmacSha256128, ipv6: false);
        using var o = outbound;
        using var i = inbound;
        var buffer = new byte[300];
        Assert.Equal(EspStatus.WrongProtocol, outbound.TryEncapsulate(AhSas.InnerIpv4(), 4, buffer, out _));
        Assert.Equal(EspStatus.WrongProtocol, inbound.TryDecapsulate(buffer, out _));
        Assert.Equal(EspStatus.InvalidArgument, outbound.TryEncapsulatePacket(AhSas.InnerIpv4(), 4, buffer, out _, tfcPaddingLength: 8));

        var key = AhSas.Key(IntegrityAlgorithm.HmacSha256128);
        var udp = AhSas.Settings(SaDirection.Outbound, IntegrityAlgorithm.HmacSha256128, false) with { UdpEncapsulation = UdpEncapsulationPorts.Default };
        Assert.False(SecurityAssociation.TryCreate(udp, [], key, TestSas.T0, out _, out var error));
        Assert.Contains("UDP", error.Detail, StringComparison.Ordinal);
        var encrypting = AhSas.Settings(SaDirection.Outbound, IntegrityAlgorithm.HmacSha256128, false) with { Encryption = EncryptionAlgorithm.AesCbc };
        Assert.False(SecurityAssociation.TryCreate(encrypting, [], key, TestSas.T0, out _, out error));
        Assert.Contains("does not encrypt", error.Detail, StringComparison.Ordinal);
        var none = AhSas.Settings(SaDirection.Outbound, IntegrityAlgorithm.None, false);
        Assert.False(SecurityAssociation.TryCreate(none, [], [], TestSas.T0, out _, out _));
    }

    [Fact]
    public void The_sad_finds_ah_and_esp_sas_by_protocol()
    {
        var (ahOut, ahIn) = AhSas.Pair(IntegrityAlgorithm.HmacSha256128, ipv6: false);
        var (espOut, espIn) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, spi: 0x1234);
        using var sad = new SecurityAssociationDatabase();
        using var a = ahOut;
        using var b = espOut;
        Assert.True(sad.TryInstallInbound(ahIn));
        Assert.True(sad.TryInstallInbound(espIn)); // same SPI and destination, other protocol
        var inner = AhSas.InnerIpv4();
        var ah = new byte[300];
        Assert.Equal(EspStatus.Ok, ahOut.TryEncapsulatePacket(inner, 4, ah, out int ahLength));
        var esp = new byte[300];
        Assert.Equal(EspStatus.Ok, espOut.TryEncapsulatePacket(inner, 4, esp, out int espLength));

        Assert.Equal(EspStatus.Ok, sad.TryDecapsulatePacket(ah.AsSpan(0, ahLength), out var result, out var sa));
        Assert.Same(ahIn, sa);
        Assert.Equal(inner, ah.AsSpan(result.PayloadRange).ToArray());
        Assert.Equal(EspStatus.Ok, sad.TryDecapsulatePacket(esp.AsSpan(0, espLength), out result, out sa));
        Assert.Same(espIn, sa);
        Assert.Equal(inner, esp.AsSpan(result.PayloadRange).ToArray());
        Assert.Equal(EspStatus.WrongProtocol, sad.TryDecapsulatePacket(inner, out _, out _));
    }

    [Theory]
    [InlineData("sha256", "10.1.0.0/16", "10.2.0.0/16", "192.0.2.1", "192.0.2.2", "10.1.0.1", "10.2.0.1", IpsecMode.Tunnel)]
    [InlineData("sha1", "192.0.2.1/32", "192.0.2.2/32", "192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.2", IpsecMode.Transport)]
    [InlineData("sha512", "fd00:1::/64", "fd00:2::/64", "2001:db8::1", "2001:db8::2", "fd00:1::1", "fd00:2::1", IpsecMode.Tunnel)]
    [InlineData("aescmac", "2001:db8::1/128", "2001:db8::2/128", "2001:db8::1", "2001:db8::2", "2001:db8::1", "2001:db8::2", IpsecMode.Transport)]
    public void Manually_keyed_ah_round_trips_between_two_memory_drivers(string algorithm, string localNet, string remoteNet, string self, string peer,
        string from, string to, IpsecMode mode)
    {
        var integrity = EspAlgorithmSuite.TryParseIntegrity(algorithm, out var parsed, out _) ? parsed : IntegrityAlgorithm.None;
        string key = Convert.ToHexString(AhSas.Key(integrity));
        var clock = new ManualClock(TestSas.T0);
        using var a = new MemoryIpsecDriver(clock);
        using var b = new MemoryIpsecDriver(clock);
        ManualSaConfig Config(string me, string them, string local, string remote, uint outSpi, uint inSpi)
        {
            var template = new SaTemplate(1);
            var selector = new PolicySelector(P(local), P(remote));
            ManualSa Sa(uint spi, SaDirection direction, string source, string destination) => new()
            {
                Spi = spi, Direction = direction, Source = source, Destination = destination, Protocol = IpsecProtocol.Ah,
                Algorithms = algorithm, EncryptionKey = "", IntegrityKey = key, Mode = mode,
            };
            return new ManualSaConfig(
                [Sa(outSpi, SaDirection.Outbound, me, them), Sa(inSpi, SaDirection.Inbound, them, me)],
                [
                    new SecurityPolicy(1, PolicyDirection.Out, selector, PolicyAction.Protect, 0, template),
                    new SecurityPolicy(2, PolicyDirection.In, selector, PolicyAction.Protect, 0, template),
                ]);
        }

        Assert.Empty(ManualKeying.Install(a, Config(self, peer, localNet, remoteNet, 0x1001, 0x2002)));
        Assert.Empty(ManualKeying.Install(b, Config(peer, self, remoteNet, localNet, 0x2002, 0x1001)));
        var there = SpdPackets.Packet(from, to, 17, 1234, 53, payload: 100);
        var sent = DriverPair.Send(a, there);
        Assert.Equal(OuterPacketKind.Ah, OuterHeader.TryRead(sent, out _));
        var received = DriverPair.Receive(b, sent);
        Assert.Equal(there.AsSpan(IpPacketInfo.TryParse(there, out var ip) ? ip.HeaderLength : 0).ToArray(),
            received.Inner.AsSpan(received.Inner[0] >> 4 == 6 ? 40 : 20).ToArray());
        Assert.True(b.TryQueryCounters(SaId.Of(SaDirection.Inbound, 0x1001, IPAddress.Parse(peer)), out var counters));
        Assert.Equal(1, counters.Packets);
    }

    [Fact]
    public void Manual_ah_config_errors_name_the_problem()
    {
        var sa = new ManualSa
        {
            Spi = 0x1001, Direction = SaDirection.Outbound, Source = "192.0.2.1", Destination = "192.0.2.2", Protocol = IpsecProtocol.Ah,
            Algorithms = "sha257", EncryptionKey = "00", IntegrityKey = "00", UdpEncapsulation = UdpEncapsulationPorts.Default,
        };
        Assert.False(ManualKeying.TryBuild(new ManualSaConfig([sa], []), TransformRegistry.Default, out _, out var errors));
        Assert.Contains(errors, e => e.Contains("UDP", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("does not encrypt", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unknown AH integrity algorithm \"sha257\"", StringComparison.Ordinal));
        var shortKey = sa with { Algorithms = "sha256", EncryptionKey = "", UdpEncapsulation = null };
        Assert.False(ManualKeying.TryBuild(new ManualSaConfig([shortKey], []), TransformRegistry.Default, out _, out errors));
        Assert.Equal(["SA #1 (SPI 0x00001001): integrity key: HmacSha256128 needs 32 bytes, got 1"], errors);
    }

    private static AddressPrefix P(string text) => AddressPrefix.TryParse(text, out var p, out var e) ? p : throw new ArgumentException(e);
}
