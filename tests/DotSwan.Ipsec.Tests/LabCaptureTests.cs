using System.Buffers.Binary;
using System.Net;
using DotSwan.Crypto;
using DotSwan.Ipsec.Encapsulation;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.KeyLog;
using DotSwan.TestSupport.Captures;
using DotSwan.Wire.Capture;

namespace DotSwan.Ipsec.Tests;

/// <summary>
/// Real strongSwan 5.9.8 ESP (kernel-libipsec, UDP-encapsulated on 4500) from the lab captures: every packet decrypts with
/// our inbound SA to the pinged ICMP packets, and our outbound SA with the same SPI, sequence number and IV reproduces each
/// captured ESP packet byte for byte.
/// </summary>
public sealed class LabCaptureTests
{
    [Fact]
    public void Psk_capture_six_gcm_packets_decrypt_to_the_pings_and_reencrypt_identically()
    {
        var packets = Check("psk", expectedPackets: 6);

        // Frame 5, the first echo request: the inner bytes Wireshark shows in psk.decrypted.txt.
        Assert.StartsWith("45000054772B4000", Convert.ToHexString(packets[0].Inner), StringComparison.Ordinal);
        Assert.Equal(5, packets[0].Frame);
        Assert.Equal([1, 1, 2, 2, 3, 3], packets.Select(p => p.IcmpSequence));
        Assert.Equal([8, 0, 8, 0, 8, 0], packets.Select(p => p.IcmpType));
    }

    [Fact]
    public void Ikev1_capture_six_cbc_hmac_sha256_packets_decrypt_and_reencrypt_identically()
    {
        var packets = Check("ikev1", expectedPackets: 6);

        Assert.StartsWith("450000548F354000", Convert.ToHexString(packets[0].Inner), StringComparison.Ordinal);
        Assert.Equal([1, 1, 2, 2, 3, 3], packets.Select(p => p.IcmpSequence));
    }

    [Theory]
    [InlineData("rekey", 90, 12)]
    [InlineData("rekey-collision", 90, 12)]
    [InlineData("natt", 6, 2)]
    [InlineData("cert", 6, 2)]
    public void Every_esp_packet_of_every_child_sa_decrypts_and_reencrypts_identically(string scenario, int espFrames, int spis)
    {
        // espFrames and spis: the UDP 4500 datagrams without the non-ESP marker in the capture, and their distinct SPIs.
        var packets = Check(scenario, expectedPackets: espFrames);

        Assert.Equal(spis, packets.Select(p => p.Spi).Distinct().Count());
        Assert.All(packets, p => Assert.True(p.IcmpType is 0 or 8));
    }

    [Fact]
    public void Captured_gcm_packet_fails_after_any_single_bit_flip()
    {
        var (sas, datagrams) = Load("psk");
        var datagram = datagrams.First(d => d.SourcePort == 4500 && UdpEncapsulation.Classify(d.Payload) == UdpPayloadKind.Esp);
        var sa = sas[BinaryPrimitives.ReadUInt32BigEndian(datagram.Payload)];
        Assert.True(SecurityAssociation.TryCreate(Settings(sa, SaDirection.Inbound), sa.EncryptionKey, sa.IntegrityKey, TestSas.T0, out var inbound, out _));
        using (inbound)
        {
            for (int bit = 4 * 8; bit < datagram.Payload.Length * 8; bit++)
            {
                var tampered = datagram.Payload.ToArray();
                tampered[bit / 8] ^= (byte)(1 << (bit % 8));
                var status = inbound!.TryDecapsulate(tampered, out _);
                Assert.True(status is EspStatus.BadIcv or EspStatus.ReplayTooOld, $"bit {bit}: {status}");
            }

            Assert.Equal(EspStatus.Ok, inbound!.TryDecapsulate(datagram.Payload.ToArray(), out _));
        }
    }

    private sealed record DecryptedPacket(int Frame, uint Spi, byte[] Inner, int IcmpType, int IcmpSequence);

    private static List<DecryptedPacket> Check(string scenario, int? expectedPackets)
    {
        var (sas, datagrams) = Load(scenario);
        var inbound = new Dictionary<uint, SecurityAssociation>();
        var outbound = new Dictionary<uint, SecurityAssociation>();
        var results = new List<DecryptedPacket>();
        try
        {
            foreach (var datagram in datagrams.Where(d => d.SourcePort == 4500 && UdpEncapsulation.Classify(d.Payload) == UdpPayloadKind.Esp))
            {
                uint spi = BinaryPrimitives.ReadUInt32BigEndian(datagram.Payload);
                uint sequence = BinaryPrimitives.ReadUInt32BigEndian(datagram.Payload.AsSpan(4));
                Assert.True(sas.TryGetValue(spi, out var sa), $"frame {datagram.Frame}: no key for SPI {spi:x8}");
                Assert.Equal(sa.Destination, datagram.Destination);
                if (!inbound.TryGetValue(spi, out var rx))
                {
                    Assert.True(SecurityAssociation.TryCreate(Settings(sa, SaDirection.Inbound), sa.EncryptionKey, sa.IntegrityKey, TestSas.T0, out rx, out var e1), e1.ToString());
                    Assert.True(SecurityAssociation.TryCreate(Settings(sa, SaDirection.Outbound), sa.EncryptionKey, sa.IntegrityKey, TestSas.T0, out var tx, out var e2), e2.ToString());
                    inbound[spi] = rx!;
                    outbound[spi] = tx!;
                }

                // Decrypt in place in a copy of the captured ESP packet.
                var buffer = datagram.Payload.ToArray();
                Assert.Equal(EspStatus.Ok, rx!.TryDecapsulate(buffer, out var result));
                Assert.Equal(EspPacket.NextHeaderIpv4, result.NextHeader);
                Assert.Equal(sequence, result.SequenceNumber);
                var inner = buffer.AsSpan(result.PayloadRange).ToArray();

                Assert.True(IpPacketInfo.TryParse(inner, out var ip));
                Assert.Equal(inner.Length, ip.TotalLength);
                Assert.Equal(1, ip.Protocol);
                var endpoints = new[] { ip.Source.ToIPAddress().ToString(), ip.Destination.ToIPAddress().ToString() };
                Assert.Contains("10.1.0.1", endpoints);
                Assert.Contains("10.2.0.1", endpoints);
                var icmp = inner.AsSpan(ip.HeaderLength);

                // Same SPI, sequence number and IV: our outbound processing must give the captured bytes.
                var tx2 = outbound[spi];
                tx2.SetNextSequenceNumber(sequence);
                int ivLength = tx2.Transform.IvLength;
                var iv = datagram.Payload.AsSpan(EspPacket.HeaderLength, ivLength).ToArray();
                var rebuilt = new byte[tx2.EncapsulatedLength(inner.Length)];
                Assert.Equal(EspStatus.Ok, tx2.TryEncapsulateWithIv(inner, EspPacket.NextHeaderIpv4, iv, rebuilt, out int written));
                Assert.Equal(Convert.ToHexString(datagram.Payload), Convert.ToHexString(rebuilt.AsSpan(0, written)));

                results.Add(new DecryptedPacket(datagram.Frame, spi, inner, icmp[0], BinaryPrimitives.ReadUInt16BigEndian(icmp[6..])));
            }
        }
        finally
        {
            foreach (var sa in inbound.Values.Concat(outbound.Values))
            {
                sa.Dispose();
            }
        }

        if (expectedPackets is { } count)
        {
            Assert.Equal(count, results.Count);
        }

        return results;
    }

    private static SecurityAssociationSettings Settings(EspSaTableEntry sa, SaDirection direction) =>
        sa.ToSettings(direction, UdpEncapsulationPorts.Default) with { Lifetimes = Lifetimes.SaLifetimes.Unlimited };

    private static (Dictionary<uint, EspSaTableEntry> Sas, IReadOnlyList<CapturedDatagram> Datagrams) Load(string scenario)
    {
        var sas = new Dictionary<uint, EspSaTableEntry>();
        foreach (var line in File.ReadLines(PcapFile.PathOf(scenario + ".esp_sa")).Where(l => l.Length > 0))
        {
            Assert.True(EspSaTableEntry.TryParse(line, out var entry, out var error), error);
            Assert.Equal(line, entry!.Format());
            sas[entry.Spi] = entry;
        }
        return (sas, PcapFile.ReadUdp(PcapFile.PathOf(scenario + ".pcap")));
    }
}
