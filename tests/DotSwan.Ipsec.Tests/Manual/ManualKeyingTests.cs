using System.Buffers.Binary;
using System.Net;
using DotSwan.Crypto;
using DotSwan.Ipsec.Backends.Memory;
using DotSwan.Ipsec.Driver;
using DotSwan.Ipsec.Encapsulation;
using DotSwan.Ipsec.KeyLog;
using DotSwan.Ipsec.Manual;
using DotSwan.Ipsec.Spd;
using DotSwan.Ipsec.Tests.Driver;
using DotSwan.Ipsec.Tests.Spd;
using DotSwan.TestSupport.Captures;

namespace DotSwan.Ipsec.Tests.Manual;

public sealed class ManualKeyingTests
{
    private const string GcmKey = "0x00112233445566778899aabbccddeeff01020304";
    private const string CbcKey256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string Sha256Key = "0x" + "2021222324252627282930313233343536373839404142434445464748494a4b";

    private static AddressPrefix P(string text) => AddressPrefix.TryParse(text, out var p, out var e) ? p : throw new ArgumentException(e);

    private static ManualSa Sa(uint spi, SaDirection direction, string source, string destination, string algorithms = "aes128gcm16",
        string key = GcmKey, string? integrityKey = null) => new()
    {
        Spi = spi, Direction = direction, Source = source, Destination = destination, Algorithms = algorithms,
        EncryptionKey = key, IntegrityKey = integrityKey,
    };

    private static IReadOnlyList<string> Errors(params ManualSa[] sas)
    {
        bool ok = ManualKeying.TryBuild(new ManualSaConfig(sas, []), TransformRegistry.Default, out var requests, out var errors);
        ManualKeying.DisposeKeys(requests);
        Assert.Equal(ok, errors.Count == 0);
        return errors;
    }

    [Theory]
    [InlineData("aes128gcm16", EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None)]
    [InlineData("aes256gcm128", EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None)]
    [InlineData("aes192gcm8", EncryptionAlgorithm.AesGcm8, 192, IntegrityAlgorithm.None)]
    [InlineData("AES256-SHA256", EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha256128)]
    [InlineData("aes128ctr-aesxcbc", EncryptionAlgorithm.AesCtr, 128, IntegrityAlgorithm.AesXcbc96)]
    [InlineData("chacha20poly1305", EncryptionAlgorithm.ChaCha20Poly1305, 0, IntegrityAlgorithm.None)]
    [InlineData("null-sha512", EncryptionAlgorithm.Null, 0, IntegrityAlgorithm.HmacSha512256)]
    [InlineData("aes128ccm12", EncryptionAlgorithm.AesCcm12, 128, IntegrityAlgorithm.None)]
    public void Algorithm_suites_parse_as_strongswan_users_write_them(string text, EncryptionAlgorithm encryption, int bits, IntegrityAlgorithm integrity)
    {
        Assert.True(EspAlgorithmSuite.TryParse(text, out var suite, out var error), error);
        Assert.Equal(new EspAlgorithmSuite(encryption, bits, integrity), suite);
    }

    [Theory]
    [InlineData("aes128gcm16-sha256", "takes no integrity algorithm (found \"sha256\")")]
    [InlineData("aes256", "needs exactly one integrity algorithm, e.g. aes256-sha256; allowed: md5|sha1|")]
    [InlineData("aes256-sha3", "unknown integrity algorithm \"sha3\" in \"aes256-sha3\"; allowed: md5|sha1|")]
    [InlineData("blowfish-sha1", "unknown encryption algorithm \"blowfish\" in \"blowfish-sha1\"; allowed: aes128|aes192|aes256 (CBC)")]
    [InlineData("", "empty algorithm suite; write e.g. aes128gcm16 or aes256-sha256")]
    public void Bad_algorithm_suites_say_what_is_wrong_and_what_is_allowed(string text, string expected)
    {
        Assert.False(EspAlgorithmSuite.TryParse(text, out var suite, out var error));
        Assert.Null(suite);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_configs_report_every_problem_with_what_is_allowed()
    {
        var errors = Errors(
            Sa(0x1000, SaDirection.Inbound, "192.0.2.1", "192.0.2.2", key: "0x0011"),
            Sa(0x1001, SaDirection.Inbound, "192.0.2.1", "192.0.2.2", key: "0x00112233445566778899aabbccddeeff0102030g"),
            Sa(0x1002, SaDirection.Inbound, "192.0.2.1", "192.0.2.2", "aes256-sha256", CbcKey256, "0x0102"),
            Sa(0x1003, SaDirection.Inbound, "192.0.2.1", "192.0.2.2", integrityKey: "0x0102"),
            Sa(0x1004, SaDirection.Inbound, "gateway", "2001:db8::1"),
            Sa(0x10, SaDirection.Inbound, "192.0.2.1", "192.0.2.2"),
            Sa(0x1005, SaDirection.Inbound, "192.0.2.1", "192.0.2.2", "3des-sha1", "0x" + new string('1', 48), "0x" + new string('2', 40)));

        Assert.Equal(7, errors.Count);
        Assert.Contains("SA #1 (SPI 0x00001000): encryption key: aes128gcm16 needs 20 bytes (16-byte key + 4-byte salt), got 2", errors);
        Assert.Contains("SA #2 (SPI 0x00001001): encryption key: 'g' at position 40 is not a hex digit (0-9, a-f)", errors);
        Assert.Contains("SA #3 (SPI 0x00001002): integrity key: HmacSha256128 needs 32 bytes, got 2", errors);
        Assert.Contains("SA #4 (SPI 0x00001003): integrity key: aes128gcm16 is an AEAD and takes no integrity key, got 2 bytes", errors);
        Assert.Contains("SA #5 (SPI 0x00001004): source \"gateway\" is not an IPv4 or IPv6 address (e.g. 192.0.2.1 or 2001:db8::1)", errors);
        Assert.Contains("SA #6 (SPI 0x00000010): SPI 16 is reserved (0 is invalid, 1-255 are reserved by IANA); use 0x100 or above", errors);
        Assert.Contains(errors, e => e.StartsWith("SA #7", StringComparison.Ordinal) && e.Contains("legacy", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_spi_per_direction_and_destination_is_refused_but_the_other_direction_may_reuse_it()
    {
        var errors = Errors(
            Sa(0x2000, SaDirection.Inbound, "192.0.2.1", "192.0.2.2"),
            Sa(0x2000, SaDirection.Outbound, "192.0.2.1", "192.0.2.2"),
            Sa(0x2000, SaDirection.Inbound, "192.0.2.9", "192.0.2.2"));

        var error = Assert.Single(errors);
        Assert.Equal("SA #3 (SPI 0x00002000): duplicate SPI 0x00002000 Inbound to 192.0.2.2 (already used by SA #1); SPIs must be unique per direction and destination", error);
    }

    [Fact]
    public void Nothing_is_installed_when_the_config_is_invalid()
    {
        using var driver = new MemoryIpsecDriver(new ManualClock(TestSas.T0));
        var errors = ManualKeying.Install(driver, new ManualSaConfig(
            [Sa(0x3000, SaDirection.Inbound, "192.0.2.1", "192.0.2.2"), Sa(0x3001, SaDirection.Inbound, "192.0.2.1", "192.0.2.2", key: "")],
            [new SecurityPolicy(1, PolicyDirection.In, new PolicySelector(AddressPrefix.AnyIpv4, AddressPrefix.AnyIpv4), PolicyAction.Discard)]));

        Assert.Single(errors);
        Assert.Equal(0, driver.SaCount);
        Assert.Equal(0, driver.Policies.Count);
    }

    [Theory]
    [InlineData("aes256-sha256", CbcKey256, Sha256Key)]
    [InlineData("aes128gcm16", GcmKey, null)]
    [InlineData("chacha20poly1305", "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00010203", null)]
    public void Manual_sas_round_trip_between_two_drivers(string algorithms, string key, string? integrityKey)
    {
        var clock = new ManualClock(TestSas.T0);
        using var a = new MemoryIpsecDriver(clock);
        using var b = new MemoryIpsecDriver(clock);
        ManualSaConfig Config(string self, string peer, string local, string remote, uint outSpi, uint inSpi)
        {
            var template = new SaTemplate(1);
            var selector = new PolicySelector(P(local), P(remote));
            return new ManualSaConfig(
                [
                    Sa(outSpi, SaDirection.Outbound, self, peer, algorithms, key, integrityKey) with { UdpEncapsulation = UdpEncapsulationPorts.Default },
                    Sa(inSpi, SaDirection.Inbound, peer, self, algorithms, key, integrityKey) with { UdpEncapsulation = UdpEncapsulationPorts.Default },
                ],
                [
                    new SecurityPolicy(1, PolicyDirection.Out, selector, PolicyAction.Protect, 0, template),
                    new SecurityPolicy(2, PolicyDirection.In, selector, PolicyAction.Protect, 0, template),
                ]);
        }

        Assert.Empty(ManualKeying.Install(a, Config("192.0.2.1", "192.0.2.2", "10.1.0.0/16", "10.2.0.0/16", 0x1001, 0x2002)));
        Assert.Empty(ManualKeying.Install(b, Config("192.0.2.2", "192.0.2.1", "10.2.0.0/16", "10.1.0.0/16", 0x2002, 0x1001)));

        var there = SpdPackets.Packet("10.1.0.1", "10.2.0.1", 6, 1234, 80, payload: 100);
        var back = SpdPackets.Packet("10.2.0.1", "10.1.0.1", 6, 80, 1234, payload: 500);
        Assert.Equal(there, DriverPair.Receive(b, DriverPair.Send(a, there)).Inner);
        Assert.Equal(back, DriverPair.Receive(a, DriverPair.Send(b, back)).Inner);
        Assert.True(b.TryQueryCounters(SaId.Of(SaDirection.Inbound, 0x1001, IPAddress.Parse("192.0.2.2")), out var counters));
        Assert.Equal(1, counters.Packets);
    }

    [Fact]
    public void Psk_capture_keys_installed_manually_decrypt_the_captured_esp_through_process_inbound()
    {
        var entries = File.ReadLines(PcapFile.PathOf("psk.esp_sa")).Where(l => l.Length > 0)
            .Select(l => EspSaTableEntry.TryParse(l, out var e, out var error) ? e! : throw new InvalidDataException(error)).ToList();
        Assert.Equal(2, entries.Count);

        // One driver receives both directions: each SA is installed inbound at its destination, with an In policy for the
        // subnet behind that destination (10.1.0.0/16 behind 192.0.2.1, 10.2.0.0/16 behind 192.0.2.2) and its own reqid.
        var sas = new List<ManualSa>();
        var policies = new List<SecurityPolicy>();
        uint reqId = 1;
        foreach (var entry in entries)
        {
            sas.Add(new ManualSa
            {
                Spi = entry.Spi, Direction = SaDirection.Inbound, Source = entry.Source.ToString(), Destination = entry.Destination.ToString(),
                Algorithms = $"aes{entry.EncryptionKeyLengthBits}gcm16", EncryptionKey = "0x" + Convert.ToHexString(entry.EncryptionKey),
                UdpEncapsulation = UdpEncapsulationPorts.Default, ReqId = reqId,
            });
            string local = entry.Destination.ToString() == "192.0.2.1" ? "10.1.0.0/16" : "10.2.0.0/16";
            string remote = local == "10.1.0.0/16" ? "10.2.0.0/16" : "10.1.0.0/16";
            policies.Add(new SecurityPolicy(reqId, PolicyDirection.In, new PolicySelector(P(local), P(remote)), PolicyAction.Protect, 0, new SaTemplate(reqId)));
            reqId++;
        }

        using var driver = new MemoryIpsecDriver(new ManualClock(TestSas.T0));
        Assert.Empty(ManualKeying.Install(driver, new ManualSaConfig(sas, policies)));

        var delivered = new List<byte[]>();
        foreach (var datagram in PcapFile.ReadUdp(PcapFile.PathOf("psk.pcap")).Where(d => d.SourcePort == 4500 && !d.IsIke))
        {
            // Rebuild the outer IPv4 + UDP packet as a TUN device would hand it over.
            var packet = new byte[OuterHeader.Length(false, true) + datagram.Payload.Length];
            datagram.Payload.CopyTo(packet, OuterHeader.Length(false, true));
            OuterHeader.Write(packet, PacketAddress.FromIPAddress(datagram.Source), PacketAddress.FromIPAddress(datagram.Destination),
                new UdpEncapsulationPorts((ushort)datagram.SourcePort, (ushort)datagram.DestinationPort), datagram.Payload.Length);

            var result = driver.ProcessInbound(packet);
            Assert.Equal(InboundAction.Delivered, result.Action);
            delivered.Add(packet[result.Packet]);
        }

        Assert.Equal(6, delivered.Count);
        Assert.StartsWith("45000054772B4000", Convert.ToHexString(delivered[0]), StringComparison.Ordinal);
        Assert.All(delivered, inner => Assert.Equal(1, inner[9]));
        Assert.Equal([8, 0, 8, 0, 8, 0], delivered.Select(inner => (int)inner[20]));
        Assert.Equal([1, 1, 2, 2, 3, 3], delivered.Select(inner => (int)BinaryPrimitives.ReadUInt16BigEndian(inner.AsSpan(26))));
        Assert.Equal(0, driver.Drops(DropReason.PolicyMismatch));
    }
}
