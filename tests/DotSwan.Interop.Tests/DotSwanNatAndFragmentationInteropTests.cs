using System.Net;

namespace DotSwan.Interop.Tests;

/// <summary>
/// Live interop of DotSwan's NAT traversal and IKEv2 fragmentation with strongSwan 5.9.8 (kernel-libipsec): IKE_AUTH
/// split into SKF fragments both ways (fragment_size 200 on both sides, so even a PSK IKE_AUTH needs several), and a
/// MASQUERADE router namespace between the two sides with either behind it. Each test pings through the Child SA.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class DotSwanNatAndFragmentationInteropTests(ITestOutputHelper output)
{
    private const string Psk = "dotswan-natt-interop-psk-0123456789";
    private const int FragmentSize = 200;

    [LabFact]
    public void StrongSwan_initiator_and_DotSwan_responder_exchange_fragmented_ike_auth_and_ping_goes_through()
    {
        RunFragmentation(dotSwanInitiates: false);
    }

    [LabFact]
    public void DotSwan_initiator_and_strongSwan_responder_exchange_fragmented_ike_auth_and_ping_goes_through()
    {
        RunFragmentation(dotSwanInitiates: true);
    }

    [NatLabFact]
    public void DotSwan_behind_nat_initiates_to_strongSwan_and_ping_goes_through()
    {
        using var scope = new LabScope();
        var nat = scope.Add(new NatNamespaceTriple(NatSide.B));
        Run(scope, nat.A, nat.B, remoteOfA: NatNamespaceTriple.NatAddress, remoteOfB: nat.A.OuterAddress, StrongSwanOptions.Default,
            ["--initiate", "--keepalive", "1"], (a, host) =>
            {
                string listing = a.Swanctl("--list-sas").EnsureSuccess().StandardOutput;
                output.WriteLine(listing);
                // strongSwan sees the NAT's address and a mapped port, and knows the peer is behind a NAT.
                Assert.Contains($"@ {NatNamespaceTriple.NatAddress}[", listing, StringComparison.Ordinal);
                // TCP from behind the NAT: DotSwan encrypts into UDP 4500 through the MASQUERADE router, strongSwan decrypts.
                var iperf = Iperf3.RunTcp(nat.A, nat.A.InnerAddress, nat.B, nat.B.InnerAddress, seconds: IkeTestHostProcess.Iperf3Seconds, bytes: IkeTestHostProcess.Iperf3Bytes);
                output.WriteLine(iperf.ToString());
                Assert.True(iperf.ReceivedBytes > 0, "iperf3 received nothing through the tunnel");
                Thread.Sleep(2500); // let DotSwan send keepalives (every second here) through the NAT
                var counters = host.StopAndReadCounters();
                string log = host.Output;
                output.WriteLine("DotSwan host:\n" + log);
                output.WriteLine(nat.NatRules());
                Assert.Contains("initiator=True", log, StringComparison.Ordinal);
                Assert.Contains($"peer={nat.A.OuterAddress}:4500", log, StringComparison.Ordinal);
                Assert.True(counters["ike.keepalives"] >= 1, "DotSwan, behind the NAT, sent no keepalive");
                Assert.True(counters["sa.out.bytes"] >= iperf.ReceivedBytes, $"DotSwan encrypted {counters["sa.out.bytes"]} B, iperf3 received {iperf.ReceivedBytes} B");
                Assert.True(counters["ike.sent4500"] >= 1 && counters["ike.received4500"] >= 1, "IKE_AUTH did not float to 4500");
                Assert.Contains("MASQUERADE", nat.NatRules(), StringComparison.Ordinal);
                Assert.Contains("remote host is behind NAT", a.ReadLog(), StringComparison.Ordinal);
            });
    }

    [NatLabFact]
    public void StrongSwan_behind_nat_initiates_to_DotSwan_and_ping_goes_through()
    {
        using var scope = new LabScope();
        var nat = scope.Add(new NatNamespaceTriple(NatSide.A));
        var options = StrongSwanOptions.Default with { ExtraSettings = ["keep_alive = 1s"] };
        Run(scope, nat.A, nat.B, remoteOfA: nat.B.OuterAddress, remoteOfB: NatNamespaceTriple.NatAddress, options,
            [], (a, host) =>
            {
                // TCP from behind the NAT: strongSwan encrypts into UDP 4500 through the MASQUERADE router, DotSwan decrypts.
                var iperf = Iperf3.RunTcp(nat.B, nat.B.InnerAddress, nat.A, nat.A.InnerAddress, seconds: IkeTestHostProcess.Iperf3Seconds, bytes: IkeTestHostProcess.Iperf3Bytes);
                output.WriteLine(iperf.ToString());
                Assert.True(iperf.ReceivedBytes > 0, "iperf3 received nothing through the tunnel");
                Thread.Sleep(2500); // strongSwan, behind the NAT, sends keepalives every second here
                var counters = host.StopAndReadCounters();
                string log = host.Output;
                output.WriteLine("DotSwan host:\n" + log);
                Assert.Contains("initiator=False", log, StringComparison.Ordinal);
                // DotSwan's Child SA goes to the NAT's address and whatever port it mapped strongSwan's 4500 to.
                Assert.Contains($"peer={NatNamespaceTriple.NatAddress}:", log, StringComparison.Ordinal);
                Assert.Contains("local host is behind NAT", a.ReadLog(), StringComparison.Ordinal);
                Assert.True(counters["udp.keepalive"] >= 1, "no keepalive from strongSwan reached DotSwan");
                Assert.Equal(0, counters["ike.keepalives"]); // DotSwan is not behind the NAT
                Assert.True(counters["sa.in.bytes"] >= iperf.ReceivedBytes, $"DotSwan decrypted {counters["sa.in.bytes"]} B, iperf3 received {iperf.ReceivedBytes} B");
                Assert.Equal(0, counters["sa.in.drops"]);
            });
    }

    /// <summary>
    /// The NAT in front of strongSwan forgets its mapping and picks another port: strongSwan's next IKE message (a DPD)
    /// comes from the new port, DotSwan's engine follows it (RFC 7296 §2.23) and the host repoints the Child SA's ESP.
    /// </summary>
    [NatLabFact]
    public void StrongSwan_behind_nat_gets_a_new_nat_port_and_DotSwan_follows_it()
    {
        using var scope = new LabScope();
        var nat = scope.Add(new NatNamespaceTriple(NatSide.A));
        var options = StrongSwanOptions.Default with { ExtraSettings = ["keep_alive = 1s"] };
        Run(scope, nat.A, nat.B, remoteOfA: nat.B.OuterAddress, remoteOfB: NatNamespaceTriple.NatAddress, options,
            [], (a, host) =>
            {
                nat.RemapPorts(40000, 40100);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (!host.Output.Contains("event UpdateChildSaEndPoints", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(15))
                {
                    Thread.Sleep(100);
                }

                Assert.Contains($"remote={NatNamespaceTriple.NatAddress}:400", host.Output, StringComparison.Ordinal);
                foreach (var (from, to) in new[] { (nat.A, nat.B), (nat.B, nat.A) })
                {
                    var ping = from.Ping(to.InnerAddress, source: from.InnerAddress, count: 3);
                    output.WriteLine(ping.ToString());
                    Assert.True(ping.Succeeded, $"ping {from.InnerAddress} -> {to.InnerAddress} after the NAT moved failed: {ping}");
                }

                var counters = host.StopAndReadCounters();
                output.WriteLine("DotSwan host:\n" + host.Output);
                output.WriteLine(nat.NatRules());
                Assert.Equal(1, counters["ike.endpointupdates"]);
                Assert.Equal(0, counters["engine.decryptionfailures"] + counters["ike.sendfailures"]);
                Assert.Equal("ESTABLISHED", Assert.Single(a.ListSas()).State);
            }, extraConnectionSettings: ["dpd_delay = 1s"]);
    }

    private void RunFragmentation(bool dotSwanInitiates)
    {
        using var scope = new LabScope();
        var pair = scope.Add(new NetworkNamespacePair());
        var options = StrongSwanOptions.Default with { ExtraSettings = [$"fragment_size = {FragmentSize}"] };
        Run(scope, pair.A, pair.B, pair.B.OuterAddress, pair.A.OuterAddress, options,
            dotSwanInitiates ? ["--initiate", "--fragment-size", $"{FragmentSize}"] : ["--fragment-size", $"{FragmentSize}"], (a, host) =>
            {
                var counters = host.StopAndReadCounters();
                string log = host.Output;
                string charon = a.ReadLog();
                output.WriteLine("DotSwan host:\n" + log);
                // strongSwan split its IKE_AUTH message and reassembled DotSwan's; DotSwan did the same the other way.
                Assert.Contains("splitting IKE message", charon, StringComparison.Ordinal);
                Assert.Contains("reassembled fragmented IKE message", charon, StringComparison.Ordinal);
                Assert.True(counters["engine.messagesfragmented"] >= 1, "DotSwan sent no fragmented message");
                Assert.True(counters["engine.fragmentsreceived"] >= 2, "DotSwan received no fragments");
                Assert.Equal(0, counters["engine.fragmentsrejected"]);
                // Every IKE datagram DotSwan sent after IKE_SA_INIT (on 500, never fragmented) fits the fragment size:
                // IP 20 + UDP 8 + non-ESP marker 4 on 4500.
                var floated = log.Split('\n').Where(l => l.StartsWith("send ike ", StringComparison.Ordinal) && l.Contains("(4500, marker)", StringComparison.Ordinal)).ToList();
                Assert.NotEmpty(floated);
                Assert.All(floated, line => Assert.True(int.Parse(line.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture) + 32 <= FragmentSize, line));
            });
    }

    /// <summary>
    /// strongSwan in <paramref name="a"/> (connection to <paramref name="remoteOfA"/>), DotSwan's host in
    /// <paramref name="b"/> (peer <paramref name="remoteOfB"/>); whoever initiates, waits until both sides have the
    /// Child SA, pings both ways through it, checks the common counters, then runs <paramref name="check"/>.
    /// </summary>
    private void Run(LabScope scope, NetworkNamespace a, NetworkNamespace b, IPAddress remoteOfA, IPAddress remoteOfB, StrongSwanOptions options,
        string[] hostArguments, Action<StrongSwanInstance, IkeTestHostProcess> check, IReadOnlyList<string>? extraConnectionSettings = null)
    {
        var work = scope.Add(new LabTempDirectory("natt"));
        var swan = scope.Add(new StrongSwanInstance(a, "a", options));
        IkeTestHostProcess? host = null;
        try
        {
            swan.Load(new SwanctlConfig
            {
                LocalAddress = a.OuterAddress,
                RemoteAddress = remoteOfA,
                LocalId = "a.lab.example",
                RemoteId = "b.lab.example",
                PreSharedKey = Psk,
                LocalTrafficSelector = a.TrafficSelector,
                RemoteTrafficSelector = b.TrafficSelector,
                ExtraConnectionSettings = ["fragmentation = yes", .. extraConnectionSettings ?? []],
            });
            string[] arguments =
            [
                "--tun", "dswike0", "--local", b.OuterAddress.ToString(), "--peer", remoteOfB.ToString(),
                "--local-id", "b.lab.example", "--remote-id", "a.lab.example", "--psk", Psk,
                "--local-ts", b.TrafficSelector, "--remote-ts", a.TrafficSelector, "--max-seconds", "90", .. hostArguments,
            ];
            host = scope.Add(IkeTestHostProcess.Start(b, work.FullPath, arguments));
            if (!hostArguments.Contains("--initiate"))
            {
                var initiate = swan.Initiate("net");
                output.WriteLine(initiate.ToString());
                Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);
            }

            SwanctlIkeSa? sa = null;
            for (int attempt = 0;
                 attempt < 150 && !(sa is { Children.Count: > 0 } && sa.Children[0].State == "INSTALLED"
                                    && host.Output.Contains("event ChildSaEstablished", StringComparison.Ordinal));
                 attempt++)
            {
                Thread.Sleep(100);
                var sas = swan.ListSas();
                sa = sas.Count > 0 ? sas[0] : null;
            }

            Assert.NotNull(sa);
            Assert.Equal(("ESTABLISHED", "IKEv2"), (sa.State, sa.Version));
            Assert.Contains("event InstallChildSa in=", host.Output, StringComparison.Ordinal);
            foreach (var (from, to) in new[] { (a, b), (b, a) })
            {
                var ping = from.Ping(to.InnerAddress, source: from.InnerAddress, count: 3);
                output.WriteLine(ping.ToString());
                Assert.True(ping.Succeeded, $"ping {from.InnerAddress} -> {to.InnerAddress} through the tunnel failed: {ping}");
                Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);
            }

            var child = Assert.Single(Assert.Single(swan.ListSas()).Children);
            Assert.True(child.InboundPackets >= 6 && child.OutboundPackets >= 6, $"strongSwan counted {child.InboundPackets} in, {child.OutboundPackets} out");
            Assert.DoesNotContain("event IkeSaFailed", host.Output, StringComparison.Ordinal);
            check(swan, host);
        }
        catch
        {
            if (host is not null)
            {
                host.Dispose();
                output.WriteLine("DotSwan host:\n" + host.Output);
            }

            output.WriteLine("charon (A) log tail:\n" + swan.LogTail(150));
            throw;
        }
    }
}
