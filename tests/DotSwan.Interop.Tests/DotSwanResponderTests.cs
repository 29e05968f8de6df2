namespace DotSwan.Interop.Tests;

/// <summary>
/// The first live interop: strongSwan 5.9.8 (kernel-libipsec) in namespace A initiates IKEv2 with PSK to DotSwan's
/// engine in namespace B (DotSwan.Ike.TestHost), and a ping from 10.1.0.1 to 10.2.0.1 goes through the negotiated Child SA
/// as ESP in UDP 4500, decrypted and answered by DotSwan's TUN data plane.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class DotSwanResponderTests(ITestOutputHelper output)
{
    private const string Psk = "dotswan-live-interop-psk-0123456789";

    [LabFact]
    public void StrongSwan_initiator_establishes_with_DotSwan_responder_and_ping_goes_through_esp()
    {
        string nsA;
        string nsB;
        var processes = new List<(int Pid, string Name)>();
        using (var scope = new LabScope())
        {
            var pair = scope.Add(new NetworkNamespacePair());
            nsA = pair.A.Name;
            nsB = pair.B.Name;
            var work = scope.Add(new LabTempDirectory("live"));
            var host = scope.Add(IkeTestHostProcess.Start(pair.B, work.FullPath,
            [
                "--tun", "dswike0", "--local", pair.B.OuterAddress.ToString(), "--peer", pair.A.OuterAddress.ToString(),
                "--local-id", "b.lab.example", "--remote-id", "a.lab.example", "--psk", Psk,
                "--ike", "aes256gcm16-prfsha256-x25519", "--esp", "aes128gcm16",
                "--local-ts", pair.B.TrafficSelector, "--remote-ts", pair.A.TrafficSelector, "--max-seconds", "120",
            ]));
            processes.Add((host.Pid, host.ProcessName));
            var a = scope.Add(new StrongSwanInstance(pair.A, "a"));
            processes.Add((a.Pid, "charon-systemd"));
            try
            {
                a.Load(SwanctlConfig.Psk(pair.A, pair.B, "a.lab.example", "b.lab.example") with
                {
                    PreSharedKey = Psk,
                    Proposals = "aes256gcm16-prfsha256-x25519",
                    EspProposals = "aes128gcm16",
                });

                var initiate = a.Initiate("net");
                output.WriteLine(initiate.ToString());
                Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);

                var listing = a.Swanctl("--list-sas").EnsureSuccess().StandardOutput;
                output.WriteLine(listing);
                var sa = Assert.Single(SwanctlIkeSa.Parse(listing));
                Assert.Equal(("ESTABLISHED", "IKEv2"), (sa.State, sa.Version));
                var child = Assert.Single(sa.Children);
                Assert.Equal("INSTALLED", child.State);

                var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
                output.WriteLine(ping.ToString());
                Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
                Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);

                var counters = host.StopAndReadCounters();
                string log = host.Output;
                output.WriteLine("DotSwan host:\n" + log);
                Assert.Contains("event IkeSaEstablished", log, StringComparison.Ordinal);
                Assert.Contains("event ChildSaEstablished", log, StringComparison.Ordinal);
                Assert.Contains("event InstallChildSa", log, StringComparison.Ordinal);
                Assert.DoesNotContain("event IkeSaFailed", log, StringComparison.Ordinal);
                // The ping's 3 requests were decrypted and its 3 replies encrypted by DotSwan's data plane.
                Assert.True(counters["sa.in.packets"] >= 3, $"decrypted {counters["sa.in.packets"]}");
                Assert.True(counters["sa.out.packets"] >= 3, $"encrypted {counters["sa.out.packets"]}");
                Assert.Equal(0, counters["sa.in.drops"]);
                Assert.Equal(0, counters["plane.drop.UnknownSpi"] + counters["plane.drop.DecapsulationFailed"]);
                // strongSwan counted the same ESP from its side, with the SPIs DotSwan logged.
                Assert.Contains($"in=0x{child.OutboundSpi:x8} out=0x{child.InboundSpi:x8}", log, StringComparison.Ordinal);
            }
            catch
            {
                host.Dispose();
                output.WriteLine("DotSwan host:\n" + host.Output);
                output.WriteLine("charon (A) log tail:\n" + a.LogTail(120));
                throw;
            }
        }

        // Torn down: no process left, no namespace left.
        Assert.All(processes, p => Assert.False(LabProcess.IsRunning(p.Pid, p.Name), $"{p.Name} {p.Pid} still runs"));
        var left = NetworkNamespacePair.ListNamespaces();
        Assert.DoesNotContain(nsA, left);
        Assert.DoesNotContain(nsB, left);
    }
}
