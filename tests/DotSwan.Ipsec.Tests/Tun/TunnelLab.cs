using System.Globalization;
using System.Security.Cryptography;
using DotSwan.TestSupport.Lab;
using Xunit.Abstractions;

namespace DotSwan.Ipsec.Tests.Tun;

/// <summary>
/// Two manually keyed DotSwan TUN hosts in a namespace pair (A ↔ B), a capture on A's veth, the test body, then teardown
/// with checks that no host and no namespace is left. Random keys per run; options beyond the SA pair in <see cref="ExtraArguments"/>.
/// </summary>
internal sealed class TunnelLab(ITestOutputHelper output)
{
    public required string Algorithm { get; init; }

    /// <summary>Key bytes per direction (encryption material + integrity key; AH: the integrity key).</summary>
    public required int KeyLength { get; init; }

    public uint SpiAtoB { get; init; } = 0xa1000001;

    public uint SpiBtoA { get; init; } = 0xb2000002;

    public LabTopology Topology { get; init; } = LabTopology.Default;

    public string CaptureFilter { get; init; } = "udp port 4500";

    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>The A→B key in hex, once <see cref="Run"/> made it.</summary>
    public string KeyAtoB { get; private set; } = "";

    /// <summary>The B→A key in hex.</summary>
    public string KeyBtoA { get; private set; } = "";

    public void Run(Action<NetworkNamespacePair, TunHostProcess, TunHostProcess, PacketCapture> body)
    {
        KeyAtoB = Convert.ToHexString(RandomNumberGenerator.GetBytes(KeyLength));
        KeyBtoA = Convert.ToHexString(RandomNumberGenerator.GetBytes(KeyLength));
        string nsA;
        string nsB;
        var hosts = new List<(int Pid, string Name)>();
        using (var scope = new LabScope())
        {
            var pair = scope.Add(new NetworkNamespacePair(Topology));
            nsA = pair.A.Name;
            nsB = pair.B.Name;
            var work = scope.Add(new LabTempDirectory("tunnel"));
            var capture = scope.Add(new PacketCapture(pair.A, pair.A.InterfaceName, CaptureFilter));
            var a = scope.Add(TunHostProcess.Start(pair.A, work.FullPath, "host-a", Arguments("dswa0", pair.A, pair.B, SpiBtoA, SpiAtoB, KeyBtoA, KeyAtoB)));
            hosts.Add((a.Pid, a.ProcessName));
            var b = scope.Add(TunHostProcess.Start(pair.B, work.FullPath, "host-b", Arguments("dswb0", pair.B, pair.A, SpiAtoB, SpiBtoA, KeyAtoB, KeyBtoA)));
            hosts.Add((b.Pid, b.ProcessName));
            try
            {
                body(pair, a, b, capture);
            }
            catch
            {
                // The hosts print their counters when stopped: stop them first so the log shows them.
                a.Dispose();
                b.Dispose();
                output.WriteLine("A: " + a.Output);
                output.WriteLine("B: " + b.Output);
                throw;
            }
        }

        // Torn down: no host left, no namespace left.
        Assert.All(hosts, host => Assert.False(LabProcess.IsRunning(host.Pid, host.Name), $"host {host.Pid} still runs"));
        var left = NetworkNamespacePair.ListNamespaces();
        Assert.DoesNotContain(nsA, left);
        Assert.DoesNotContain(nsB, left);
    }

    private string[] Arguments(string tun, NetworkNamespace local, NetworkNamespace peer, uint spiIn, uint spiOut, string keyIn, string keyOut) =>
    [
        "--tun", tun, "--local", local.OuterAddress.ToString(), "--peer", peer.OuterAddress.ToString(),
        "--spi-in", spiIn.ToString("x8", CultureInfo.InvariantCulture), "--spi-out", spiOut.ToString("x8", CultureInfo.InvariantCulture),
        "--key-in", keyIn, "--key-out", keyOut, "--alg", Algorithm, "--remote", peer.TrafficSelector, "--max-seconds", "120",
        .. ExtraArguments,
    ];
}
