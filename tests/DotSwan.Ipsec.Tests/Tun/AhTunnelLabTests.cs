using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using DotSwan.TestSupport.Lab;
using Xunit.Abstractions;

namespace DotSwan.Ipsec.Tests.Tun;

/// <summary>
/// Two DotSwan TUN hosts, manually keyed with AH (HMAC-SHA-256-128) in tunnel mode over raw IP protocol 51 (this kernel has
/// no AH: it hands protocol 51 to raw sockets), IPv4 and IPv6 outer. The captured AH packets are read back by tshark's AH
/// dissector (SPI, sequence, next header, length, ICV) and each ICV is recomputed here with the BCL's HMAC over the packet
/// as it was on the wire, its mutable fields zeroed (for IPv6 the kernel wrote the outer header: this checks it matches
/// what was authenticated).
/// </summary>
[Collection(TunLabCollectionDefinition.Name)]
public sealed class AhTunnelLabTests(ITestOutputHelper output)
{
    private const uint SpiAtoB = 0xa1000051;
    private const uint SpiBtoA = 0xb2000051;

    [LabTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ping_goes_through_a_manually_keyed_ah_tunnel_and_tshark_reads_the_ah_headers(bool ipv6)
    {
        var lab = new TunnelLab(output)
        {
            Algorithm = "sha256",
            KeyLength = 32,
            SpiAtoB = SpiAtoB,
            SpiBtoA = SpiBtoA,
            Topology = ipv6 ? LabTopology.Ipv6 : LabTopology.Default,
            CaptureFilter = ipv6 ? "ip6 proto 51" : "ip proto 51",
            ExtraArguments = ["--protocol", "ah", "--encap", "none"],
        };
        lab.Run((pair, a, b, capture) =>
        {
            var ping = pair.A.Ping(pair.B.InnerAddress, pair.A.InnerAddress, count: 3);
            output.WriteLine(ping.StandardOutput);
            Assert.True(ping.Succeeded, ping.ToString());
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);
            Thread.Sleep(300); // the capture file lags the wire a little
            capture.Stop();

            var countersA = a.StopAndReadCounters();
            var countersB = b.StopAndReadCounters();
            output.WriteLine("A: " + a.Output);
            output.WriteLine("B: " + b.Output);
            foreach (var counters in new[] { countersA, countersB })
            {
                Assert.Equal(1, counters["plane.stopped"]);
                Assert.True(counters["plane.out.packets"] >= 3, "≥3 packets out");
                Assert.True(counters["plane.in.packets"] >= 3, "≥3 packets in");
                Assert.Equal(0, counters["sa.in.drops"]);
                Assert.Equal(0, counters["raw.sendfailures"]);
                Assert.Equal(0, counters["plane.drop.UnknownSpi"] + counters["plane.drop.DecapsulationFailed"]);
            }

            // tshark's AH dissector on the capture.
            var tshark = LabCommand.Run("tshark", ["-r", capture.FilePath, "-T", "fields", "-E", "separator=,",
                "-e", "ah.spi", "-e", "ah.sequence", "-e", "ah.next_header", "-e", "ah.length", "-e", "ah.icv", "-e", "icmp.type", "-e", "icmpv6.type"],
                TimeSpan.FromSeconds(30));
            Assert.True(tshark.Succeeded, tshark.ToString());
            var rows = tshark.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split(',')).ToList();
            output.WriteLine(tshark.StandardOutput);
            var packets = RawPcap.ReadIpPackets(capture.FilePath);
            Assert.Equal(packets.Count, rows.Count);
            Assert.True(rows.Count >= 6, $"≥6 AH packets captured, got {rows.Count}");

            int ipHeader = ipv6 ? 40 : 20;
            int ahLength = ipv6 ? 32 : 28; // 12 + 16-byte ICV, padded to 8 bytes over IPv6
            for (int i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var packet = packets[i];
                uint spi = ParseNumber(row[0]);
                Assert.Contains(spi, new[] { SpiAtoB, SpiBtoA });
                Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(ipHeader + 4)), spi);
                Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(ipHeader + 8)), ParseNumber(row[1]));
                Assert.Equal(ipv6 ? 41u : 4u, ParseNumber(row[2])); // next header: the inner packet (10.x, or fd00:: over IPv6)
                // tshark shows the AH length in bytes or in the raw 32-bit-word form, depending on the version: accept both.
                uint length = ParseNumber(row[3]);
                Assert.True(length == ahLength || length == (ahLength / 4) - 2, $"AH length {length}");
                var icv = Convert.FromHexString(row[4].Replace(":", "", StringComparison.Ordinal));
                Assert.Equal(packet.AsSpan(ipHeader + 12, icv.Length).ToArray(), icv);
                Assert.NotEqual("", row[5] + row[6]); // tshark dissected the inner ICMP behind AH

                var key = Convert.FromHexString(spi == SpiAtoB ? lab.KeyAtoB : lab.KeyBtoA);
                var normalized = packet.ToArray();
                if (ipv6)
                {
                    normalized[0] = 0x60;
                    normalized[1] = normalized[2] = normalized[3] = 0;
                    normalized[7] = 0;
                }
                else
                {
                    normalized[1] = 0;
                    normalized[6] = normalized[7] = normalized[8] = normalized[10] = normalized[11] = 0;
                }

                normalized.AsSpan(ipHeader + 12, ahLength - 12).Clear();
                Assert.Equal(HMACSHA256.HashData(key, normalized)[..16], packet.AsSpan(ipHeader + 12, 16).ToArray());
            }

            Assert.Contains(rows, r => ParseNumber(r[0]) == SpiAtoB);
            Assert.Contains(rows, r => ParseNumber(r[0]) == SpiBtoA);
        });
    }

    private static uint ParseNumber(string text) => text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        ? uint.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
        : uint.Parse(text, CultureInfo.InvariantCulture);
}
