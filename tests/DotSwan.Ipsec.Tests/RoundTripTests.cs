using System.Buffers.Binary;
using DotSwan.Crypto;
using DotSwan.Ipsec.Esp;

namespace DotSwan.Ipsec.Tests;

/// <summary>Encapsulate then decapsulate with every transform the registry offers, in tunnel and transport mode, IPv4 and IPv6.</summary>
public sealed class RoundTripTests
{
    private static readonly int[] KeyLengths = [0, 64, 128, 192, 256];

    public static TheoryData<EncryptionAlgorithm, int, IntegrityAlgorithm> Suites()
    {
        var registry = TransformRegistry.WithLegacy;
        var data = new TheoryData<EncryptionAlgorithm, int, IntegrityAlgorithm>();
        foreach (var encryption in Enum.GetValues<EncryptionAlgorithm>())
        {
            foreach (int bits in KeyLengths)
            {
                if (!registry.TryDescribeEncryption(encryption, bits, out var info, out _) || (bits == 0 && info.KeyLengthBits != 0 && encryption != EncryptionAlgorithm.ChaCha20Poly1305))
                {
                    continue;
                }

                if (info.IsAead)
                {
                    data.Add(encryption, bits, IntegrityAlgorithm.None);
                    continue;
                }

                foreach (var integrity in Enum.GetValues<IntegrityAlgorithm>())
                {
                    if (registry.TryDescribeIntegrity(integrity, out _))
                    {
                        data.Add(encryption, bits, integrity);
                    }
                }
            }
        }

        return data;
    }

    [Fact]
    public void Suite_list_covers_aeads_and_cipher_integrity_pairs()
    {
        var suites = Suites().Select(row => ((EncryptionAlgorithm)row[0], (IntegrityAlgorithm)row[2])).ToList();
        Assert.Contains((EncryptionAlgorithm.AesGcm16, IntegrityAlgorithm.None), suites);
        Assert.Contains((EncryptionAlgorithm.ChaCha20Poly1305, IntegrityAlgorithm.None), suites);
        Assert.Contains((EncryptionAlgorithm.AesCcm8, IntegrityAlgorithm.None), suites);
        Assert.Contains((EncryptionAlgorithm.AesCbc, IntegrityAlgorithm.HmacSha256128), suites);
        Assert.Contains((EncryptionAlgorithm.AesCtr, IntegrityAlgorithm.AesXcbc96), suites);
        Assert.Contains((EncryptionAlgorithm.Null, IntegrityAlgorithm.HmacSha512256), suites);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Tunnel_ipv4_ipv6_and_transport_round_trip(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity)
    {
        foreach (bool esn in new[] { false, true })
        {
            var (outbound, inbound) = TestSas.Pair(encryption, keyBits, integrity, IpsecMode.Tunnel, esn);
            using (outbound)
            using (inbound)
            {
                foreach (int length in new[] { 20, 41, 84, 1400 })
                {
                    RoundTrip(outbound, inbound, TestSas.Ipv4Packet(length), EspPacket.NextHeaderIpv4, tfc: 0);
                }

                foreach (int length in new[] { 40, 57, 1280 })
                {
                    RoundTrip(outbound, inbound, TestSas.Ipv6Packet(length), EspPacket.NextHeaderIpv6, tfc: 0);
                }

                // TFC padding (RFC 4303 §2.7): the receiver finds the inner packet's end from its own length field.
                RoundTrip(outbound, inbound, TestSas.Ipv4Packet(60), EspPacket.NextHeaderIpv4, tfc: 37);
                RoundTrip(outbound, inbound, TestSas.Ipv6Packet(60), EspPacket.NextHeaderIpv6, tfc: 200);
                Assert.Equal(9, inbound.Counters.Packets);
                Assert.Equal(0, inbound.Counters.TotalDrops);
            }

            var (tx, rx) = TestSas.Pair(encryption, keyBits, integrity, IpsecMode.Transport, esn);
            using (tx)
            using (rx)
            {
                foreach (int length in new[] { 0, 1, 7, 20, 1000 })
                {
                    var tcp = new byte[length];
                    Random.Shared.NextBytes(tcp);
                    RoundTrip(tx, rx, tcp, nextHeader: 6, tfc: 0);
                }
            }
        }
    }

    [Theory]
    [InlineData(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None)]
    [InlineData(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha256128)]
    [InlineData(EncryptionAlgorithm.AesCtr, 256, IntegrityAlgorithm.HmacSha196)]
    public void In_place_encapsulation_and_decapsulation_share_one_buffer(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity)
    {
        var (outbound, inbound) = TestSas.Pair(encryption, keyBits, integrity);
        using (outbound)
        using (inbound)
        {
            var inner = TestSas.Ipv4Packet(1400);
            var buffer = new byte[outbound.PayloadOffset + inner.Length + outbound.MaxOverhead];
            inner.CopyTo(buffer, outbound.PayloadOffset);

            var payload = buffer.AsSpan(outbound.PayloadOffset, inner.Length);
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(payload, EspPacket.NextHeaderIpv4, buffer, out int written));
            Assert.False(buffer.AsSpan(outbound.PayloadOffset, inner.Length).SequenceEqual(inner));

            Assert.Equal(EspStatus.Ok, inbound.TryDecapsulate(buffer.AsSpan(0, written), out var result));
            Assert.Equal(outbound.PayloadOffset, result.PayloadOffset);
            Assert.True(buffer.AsSpan(result.PayloadRange).SequenceEqual(inner));
        }
    }

    [Fact]
    public void Aead_iv_is_the_sequence_number_and_cbc_iv_is_random()
    {
        var (gcm, _) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None);
        var (cbc, _) = TestSas.Pair(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha256128);
        using (gcm)
        using (cbc)
        {
            var packet = new byte[2000];
            var ivs = new HashSet<string>();
            for (ulong i = 1; i <= 3; i++)
            {
                Assert.Equal(EspStatus.Ok, gcm.TryEncapsulate(TestSas.Ipv4Packet(100), 4, packet, out _));
                Assert.Equal(i, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)));
                Assert.Equal(i, BinaryPrimitives.ReadUInt64BigEndian(packet.AsSpan(8)));

                Assert.Equal(EspStatus.Ok, cbc.TryEncapsulate(TestSas.Ipv4Packet(100), 4, packet, out _));
                Assert.True(ivs.Add(Convert.ToHexString(packet, 8, 16)));
            }
        }
    }

    [Fact]
    public void Padding_is_monotonic_and_aligned()
    {
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.Null, 0, IntegrityAlgorithm.HmacSha256128);
        var (cbcOut, _) = TestSas.Pair(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha256128);
        using (outbound)
        using (inbound)
        using (cbcOut)
        {
            for (int length = 0; length < 40; length++)
            {
                var payload = new byte[length];
                var packet = new byte[outbound.EncapsulatedLength(length)];
                Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(payload, 59, packet, out int written));
                Assert.Equal(packet.Length, written);

                // ENCR_NULL leaves the trailer readable: payload ‖ 1, 2, 3 … ‖ pad length ‖ next header, 4-byte aligned.
                var body = packet.AsSpan(8, written - 8 - 16);
                Assert.Equal(0, body.Length % 4);
                int padLength = body[^2];
                Assert.Equal(59, body[^1]);
                Assert.Equal(length + padLength + 2, body.Length);
                Assert.True(padLength < 4);
                for (int i = 0; i < padLength; i++)
                {
                    Assert.Equal(i + 1, body[length + i]);
                }

                Assert.Equal(0, (cbcOut.EncapsulatedLength(length) - 8 - 16 - 16) % 16);
            }
        }
    }

    [Fact]
    public void Dummy_packets_with_next_header_59_are_recognised()
    {
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None);
        using (outbound)
        using (inbound)
        {
            var packet = new byte[200];
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(new byte[17], EspPacket.NoNextHeader, packet, out int written));
            Assert.Equal(EspStatus.Ok, inbound.TryDecapsulate(packet.AsSpan(0, written), out var result));
            Assert.True(result.IsDummy);
        }
    }

    [Fact]
    public void Refusals_are_typed()
    {
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None);
        using (outbound)
        using (inbound)
        {
            var small = new byte[50];
            Assert.Equal(EspStatus.DestinationTooSmall, outbound.TryEncapsulate(TestSas.Ipv4Packet(100), 4, small, out _));
            Assert.Equal(1UL, outbound.NextSequenceNumber);
            Assert.Equal(EspStatus.InvalidArgument, outbound.TryEncapsulate(new byte[70000], 4, new byte[80000], out _));
            Assert.Equal(EspStatus.WrongDirection, inbound.TryEncapsulate(new byte[10], 4, new byte[100], out _));
            Assert.Equal(EspStatus.WrongDirection, outbound.TryDecapsulate(new byte[100], out _));
            Assert.Equal(1, outbound.Counters.Drops(EspStatus.DestinationTooSmall));
        }
    }

    [Fact]
    public void Tunnel_mode_drops_payloads_that_are_not_ip_packets()
    {
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None);
        using (outbound)
        using (inbound)
        {
            var packet = new byte[200];
            var notIp = TestSas.Ipv4Packet(60);
            notIp[3] = 200; // states a length longer than the payload
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(notIp, 4, packet, out int written));
            Assert.Equal(EspStatus.InvalidInnerPacket, inbound.TryDecapsulate(packet.AsSpan(0, written), out _));
            Assert.Equal(1, inbound.Counters.Drops(EspStatus.InvalidInnerPacket));
        }
    }

    private static void RoundTrip(SecurityAssociation outbound, SecurityAssociation inbound, byte[] payload, byte nextHeader, int tfc)
    {
        var packet = new byte[outbound.EncapsulatedLength(payload.Length, tfc)];
        Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(payload, nextHeader, packet, out int written, tfc));
        Assert.Equal(packet.Length, written);
        Assert.True(written <= EspPacket.HeaderLength + outbound.Transform.IvLength + payload.Length + tfc + outbound.MaxOverhead);
        Assert.Equal(EspStatus.Ok, inbound.TryDecapsulate(packet, out var result));
        Assert.Equal(nextHeader, result.NextHeader);
        Assert.Equal(Convert.ToHexString(payload), Convert.ToHexString(packet.AsSpan(result.PayloadRange)));
    }
}
