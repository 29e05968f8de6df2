using System.Buffers.Binary;
using DotSwan.TestSupport.Lab;
using Xunit.Abstractions;

namespace DotSwan.Ipsec.Tests.Tun;

/// <summary>
/// Two DotSwan TUN hosts, manually keyed with AES-128-GCM, over IPv6 outer addresses (2001:db8::1 ↔ ::2 on the veths) with
/// IPv6 inner addresses (fd00:1::1 ↔ fd00:2::1): ESP in UDP 4500, and plain ESP (IP protocol 50 over a raw socket, which
/// this kernel without ESP hands to userspace). IPv4 inner over IPv6 outer as well.
/// </summary>
[Collection(TunLabCollectionDefinition.Name)]
public sealed class Ipv6TunnelLabTests(ITestOutputHelper output)
{
    private const uint SpiAtoB = 0xa1000006;
    private const uint SpiBtoA = 0xb2000006;

    [LabTheory]
    [InlineData("udp")]
    [InlineData("none")]
    public void Ping_goes_through_an_ipv6_esp_tunnel(string encapsulation)
    {
        bool udp = encapsulation == "udp";
        var lab = new TunnelLab(output)
        {
            Algorithm = "aes128gcm16",
            KeyLength = 20,
            SpiAtoB = SpiAtoB,
            SpiBtoA = SpiBtoA,
            Topology = LabTopology.Ipv6,
            CaptureFilter = udp ? "ip6 and udp port 4500" : "ip6 proto 50",
            ExtraArguments = ["--encap", encapsulation],
        };
        lab.Run((pair, a, b, capture) =>
        {
            var ping = pair.A.Ping(pair.B.InnerAddress, pair.A.InnerAddress, count: 3);
            output.WriteLine(ping.StandardOutput);
            Assert.True(ping.Succeeded, ping.ToString());
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);
            Thread.Sleep(300);
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
                Assert.Equal(0, counters["plane.drop.UnknownSpi"] + counters["plane.drop.DecapsulationFailed"]);
            }

            Assert.Equal(countersA["plane.out.packets"], countersB["plane.in.packets"]);
            Assert.Equal(countersB["plane.out.packets"], countersA["plane.in.packets"]);

            // On the wire: IPv6 outer, ESP with our SPIs — in UDP 4500, or directly as next header 50.
            var packets = RawPcap.ReadIpPackets(capture.FilePath);
            var spis = packets.Select(p =>
            {
                Assert.Equal(6, p[0] >> 4);
                Assert.Equal(udp ? 17 : 50, p[6]);
                int esp = udp ? 48 : 40;
                if (udp)
                {
                    Assert.Equal(4500, BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(40)));
                    Assert.Equal(4500, BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(42)));
                }

                return BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(esp));
            }).ToList();
            Assert.True(spis.Count(s => s == SpiAtoB) >= 3, $"A→B ESP packets: {spis.Count(s => s == SpiAtoB)}");
            Assert.True(spis.Count(s => s == SpiBtoA) >= 3, $"B→A ESP packets: {spis.Count(s => s == SpiBtoA)}");
            Assert.Equal(packets.Count, spis.Count(s => s is SpiAtoB or SpiBtoA));
            byte[] innerB = pair.B.InnerAddress.GetAddressBytes();
            Assert.DoesNotContain(packets, p => p.AsSpan(40).IndexOf(innerB) >= 0); // encrypted
        });
    }

    [LabFact]
    public void Iperf3_tcp_runs_through_a_plain_esp_ipv6_tunnel()
    {
        var lab = new TunnelLab(output)
        {
            Algorithm = "aes128gcm16",
            KeyLength = 20,
            Topology = LabTopology.Ipv6,
            CaptureFilter = "ip6 proto 50 and less 1", // nothing: this test reads counters, not the wire
            ExtraArguments = ["--encap", "none"],
        };
        lab.Run((pair, a, b, capture) =>
        {
            capture.Stop();
            using var work = new LabTempDirectory("iperf3");
            using (var server = DetachedProcess.Start(pair.B, "iperf3", ["-s", "-1", "-B", pair.B.InnerAddress.ToString(), "-p", "5201"], work.FullPath, "iperf3-server"))
            {
                bool listening = false;
                for (int attempt = 0; attempt < 50 && !listening; attempt++)
                {
                    listening = pair.B.Run("ss", "-ltnH", "sport = :5201").StandardOutput.Contains("5201", StringComparison.Ordinal);
                    if (!listening) { Thread.Sleep(100); }
                }

                Assert.True(listening, "iperf3 server not listening: " + server.ReadOutput());
                var client = pair.A.Run("iperf3", ["-c", pair.B.InnerAddress.ToString(), "-B", pair.A.InnerAddress.ToString(), "-p", "5201", "-t", "3"],
                    TimeSpan.FromSeconds(30));
                output.WriteLine(client.StandardOutput);
                Assert.True(client.Succeeded, client.ToString());
                Assert.True(server.Stop(TimeSpan.FromSeconds(5)));
            }

            var countersA = a.StopAndReadCounters();
            var countersB = b.StopAndReadCounters();
            output.WriteLine("A: " + a.Output);
            output.WriteLine("B: " + b.Output);
            Assert.True(countersA["plane.out.bytes"] > 1_000_000, "the TCP data went out through A's plane");
            Assert.Equal(0, countersB["sa.in.drops"]);
        });
    }
}
