using System.Text.Json;
using DotSwan.TestSupport.Certificates;

namespace DotSwan.Interop.Tests;

/// <summary>
/// The real dotswan daemon, started from a YAML configuration in namespace B with the TUN data plane, against strongSwan
/// 5.9.8 (kernel-libipsec) in namespace A: PSK, IKE aes256gcm16-prfsha256-x25519, ESP aes128gcm16. Pings between
/// 10.1.0.1 and 10.2.0.1 go through the Child SA; `dotswan status --json` shows it with the packets counted; `dotswan
/// down` and stopping the daemon send Deletes that strongSwan honours.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DaemonLiveInteropTests(ITestOutputHelper output)
{
    private const string Psk = "dotswan-daemon-interop-psk-0123456789";

    [LabFact]
    public void StrongSwan_initiates_to_the_daemon_ping_flows_status_json_shows_the_SA_and_stopping_the_daemon_deletes_it()
    {
        Run((pair, a, daemon) =>
        {
            var initiate = a.Initiate("net");
            output.WriteLine(initiate.ToString());
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);

            var sa = Assert.Single(a.ListSas());
            var child = Assert.Single(sa.Children);
            var status = daemon.StatusJson();
            output.WriteLine(status.ToString());
            var ike = Assert.Single(status.GetProperty("ike_sas").EnumerateArray());
            Assert.Equal("established", ike.GetProperty("state").GetString());
            Assert.False(ike.GetProperty("initiator").GetBoolean());
            Assert.Equal($"{sa.InitiatorSpi:x16}_{sa.ResponderSpi:x16}", ike.GetProperty("id").GetString());
            Assert.Equal("a.lab.example", ike.GetProperty("remote_id").GetString());
            var ourChild = Assert.Single(ike.GetProperty("children").EnumerateArray());
            // Our inbound SPI is strongSwan's outbound one; our counters match strongSwan's.
            Assert.Equal($"{child.OutboundSpi:x8}", ourChild.GetProperty("inbound_spi").GetString());
            Assert.Equal($"{child.InboundSpi:x8}", ourChild.GetProperty("outbound_spi").GetString());
            Assert.Equal("AesGcm16/128", ourChild.GetProperty("algorithms").GetString());
            Assert.Equal((long)child.OutboundPackets, ourChild.GetProperty("packets_in").GetInt64());
            Assert.Equal((long)child.InboundPackets, ourChild.GetProperty("packets_out").GetInt64());
            Assert.True(ourChild.GetProperty("packets_in").GetInt64() >= 3);

            var table = daemon.Cli("status");
            output.WriteLine(table.StandardOutput);
            Assert.Contains("established (responder)", table.StandardOutput, StringComparison.Ordinal);

            // SIGTERM: the daemon deletes the IKE SA before it exits, and strongSwan removes it.
            Assert.True(daemon.Stop(), "the daemon did not stop");
            output.WriteLine(daemon.Output);
            Assert.Contains("shutting down: deleting 1 IKE SA(s)", daemon.Output, StringComparison.Ordinal);
            WaitUntil(() => a.ListSas().Count == 0, "strongSwan still holds the IKE SA after the daemon stopped");
        });
    }

    [LabFact]
    public void Dotswan_up_initiates_ping_flows_from_the_daemon_side_and_dotswan_down_deletes()
    {
        Run((pair, a, daemon) =>
        {
            var up = daemon.Cli("up", "lab", "--timeout", "20");
            output.WriteLine(up.ToString());
            Assert.True(up.Succeeded, "dotswan up failed: " + up);
            Assert.Contains("lab: established", up.StandardOutput, StringComparison.Ordinal);

            // strongSwan installs before it answers IKE_AUTH; up returned after our install: both sides are ready.
            var sa = Assert.Single(a.ListSas());
            Assert.Equal("ESTABLISHED", sa.State);
            var ping = pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);

            var ike = Assert.Single(daemon.StatusJson().GetProperty("ike_sas").EnumerateArray());
            Assert.True(ike.GetProperty("initiator").GetBoolean());
            var ourChild = Assert.Single(ike.GetProperty("children").EnumerateArray());
            Assert.True(ourChild.GetProperty("packets_out").GetInt64() >= 3);
            Assert.True(ourChild.GetProperty("packets_in").GetInt64() >= 3);

            var down = daemon.Cli("down", "lab");
            output.WriteLine(down.ToString());
            Assert.True(down.Succeeded, down.ToString());
            WaitUntil(() => a.ListSas().Count == 0, "strongSwan still holds the IKE SA after dotswan down");
            WaitUntil(() => daemon.StatusJson().GetProperty("ike_sas").GetArrayLength() == 0 || daemon.StatusJson().GetProperty("ike_sas")[0].GetProperty("children").GetArrayLength() == 0,
                "the daemon still holds the Child SA");

            var missing = daemon.Cli("down", "no-such-connection");
            Assert.Equal(4, missing.ExitCode);
        });
    }

    [LabFact]
    public void Rekeys_by_strongSwan_and_by_dotswan_rekey_keep_ping_flowing_and_status_follows_the_new_SAs()
    {
        Run((pair, a, daemon) =>
        {
            Assert.True(a.Initiate("net").Succeeded, "swanctl --initiate failed");
            void PingAndCompare(string when)
            {
                var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 2);
                if (!ping.Succeeded)
                {
                    output.WriteLine(daemon.Cli("stats").StandardOutput);
                    output.WriteLine(daemon.Cli("status").StandardOutput);
                    output.WriteLine(a.Swanctl("--list-sas").StandardOutput);
                }

                Assert.True(ping.Succeeded, $"ping {when} failed: {ping}");
                var sa = Assert.Single(a.ListSas(), s => s.State == "ESTABLISHED");
                var child = Assert.Single(sa.Children, c => c.State == "INSTALLED");
                var ike = Assert.Single(daemon.StatusJson().GetProperty("ike_sas").EnumerateArray(), i => i.GetProperty("state").GetString() == "established");
                Assert.Equal($"{sa.InitiatorSpi:x16}_{sa.ResponderSpi:x16}", ike.GetProperty("id").GetString());
                var ours = Assert.Single(ike.GetProperty("children").EnumerateArray(), c => c.GetProperty("inbound_spi").GetString() == $"{child.OutboundSpi:x8}");
                Assert.Equal($"{child.InboundSpi:x8}", ours.GetProperty("outbound_spi").GetString());
                Assert.True(ours.GetProperty("packets_in").GetInt64() >= 2, $"{when}: no packets on the new Child SA");
            }

            PingAndCompare("before any rekey");
            var beforeOurs = Assert.Single(Assert.Single(a.ListSas()).Children);
            var rekey = daemon.Cli("rekey", "lab");
            output.WriteLine(rekey.ToString());
            Assert.True(rekey.Succeeded, rekey.ToString());
            WaitUntil(() => a.ListSas() is [{ } sa] && sa.Children.Count == 1 && sa.Children[0].State == "INSTALLED" && sa.Children[0].InboundSpi != beforeOurs.InboundSpi,
                "strongSwan did not get DotSwan's Child SA rekey");
            PingAndCompare("after dotswan rekey");

            var first = Assert.Single(Assert.Single(a.ListSas()).Children);
            Assert.True(a.Swanctl(["--rekey", "--child", "net"], TimeSpan.FromSeconds(20)).Succeeded, "strongSwan's Child SA rekey failed");
            WaitUntil(() => a.ListSas() is [{ } sa] && sa.Children.Count == 1 && sa.Children[0].State == "INSTALLED" && sa.Children[0].InboundSpi != first.InboundSpi,
                "no new Child SA at strongSwan");
            PingAndCompare("after strongSwan's Child SA rekey");

            var ikeBefore = Assert.Single(a.ListSas());
            Assert.True(a.Swanctl(["--rekey", "--ike", "lab"], TimeSpan.FromSeconds(20)).Succeeded, "strongSwan's IKE SA rekey failed");
            WaitUntil(() => a.ListSas() is [{ State: "ESTABLISHED" } sa] && sa.InitiatorSpi != ikeBefore.InitiatorSpi, "no new IKE SA at strongSwan");
            WaitUntil(() => daemon.StatusJson().GetProperty("ike_sas").EnumerateArray().All(i => i.GetProperty("id").GetString()!.StartsWith($"{a.ListSas()[0].InitiatorSpi:x16}", StringComparison.Ordinal)),
                "the daemon still lists the old IKE SA");
            PingAndCompare("after strongSwan's IKE SA rekey");
            output.WriteLine(daemon.Output);
            Assert.Contains("Child SA rekeyed (by us)", daemon.Output, StringComparison.Ordinal);
            Assert.Contains("rekeyed (by the peer) into", daemon.Output, StringComparison.Ordinal);
        });
    }

    [LabFact]
    public void Start_action_trap_initiates_on_the_first_packet_into_the_tunnel()
    {
        Run((pair, a, daemon) =>
        {
            Assert.Empty(a.ListSas());
            // The first ping meets no SA: the TUN data plane drops it and the trap starts the connection.
            pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 1);
            WaitUntil(() => a.ListSas() is [{ State: "ESTABLISHED" } sa] && sa.Children.Count == 1, "the trap did not bring the tunnel up");
            WaitUntil(() => daemon.StatusJson().GetProperty("ike_sas").EnumerateArray().Any(i => i.GetProperty("children").GetArrayLength() == 1),
                "the daemon shows no Child SA");
            var ping = pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 3);
            Assert.True(ping.Succeeded, "ping after the trap fired failed: " + ping);
            Assert.Contains("traffic matched its trap, initiating", daemon.Output, StringComparison.Ordinal);
        }, childExtra: "        start_action: trap");
    }

    [LabFact]
    public void A_wrong_psk_is_refused_and_the_daemon_says_why_in_its_log_and_stats()
    {
        Run((pair, a, daemon) =>
        {
            var initiate = a.Initiate("net");
            Assert.False(initiate.Succeeded, "strongSwan established with the wrong PSK");
            Assert.Contains("AUTH_FAILED", a.ReadLog(), StringComparison.Ordinal);
            var stats = daemon.Cli("stats", "--json");
            Assert.True(stats.Succeeded, stats.ToString());
            var counters = System.Text.Json.JsonDocument.Parse(stats.StandardOutput).RootElement.GetProperty("counters");
            Assert.Equal(1, counters.GetProperty("ike.failed.AuthenticationFailed").GetInt64());
            Assert.Equal(0, counters.GetProperty("sa.ike.established").GetInt64());
            Assert.Contains("lab: IKE SA", daemon.Output, StringComparison.Ordinal);
            Assert.Contains("failed (AuthenticationFailed)", daemon.Output, StringComparison.Ordinal);
        }, strongSwanPsk: "not-the-" + Psk);
    }

    private static void WaitUntil(Func<bool> condition, string failure)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (condition())
            {
                return;
            }

            Thread.Sleep(100);
        }

        Assert.Fail(failure);
    }

    [LabFact]
    public void StrongSwan_initiates_to_the_daemon_with_certificates_and_ping_flows()
    {
        Run((pair, a, daemon) =>
        {
            var initiate = a.Initiate("net");
            output.WriteLine(initiate.ToString());
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
            var ike = Assert.Single(daemon.StatusJson().GetProperty("ike_sas").EnumerateArray());
            Assert.Equal(("established", "a.lab.example"), (ike.GetProperty("state").GetString(), ike.GetProperty("remote_id").GetString()));
            string charon = a.ReadLog();
            Assert.Contains("authentication of 'b.lab.example' with ECDSA_WITH_SHA256_DER successful", charon, StringComparison.Ordinal);
            Assert.True(daemon.Stop(), "the daemon did not stop");
            output.WriteLine(daemon.Output);
        }, certificates: true);
    }

    /// <param name="certificates">Both sides authenticate with ECDSA certificates from a CA made here instead of the PSK.</param>
    private void Run(Action<NetworkNamespacePair, StrongSwanInstance, DaemonProcess> body, string childExtra = "", string strongSwanPsk = Psk,
        bool certificates = false)
    {
        string nsA;
        string nsB;
        var processes = new List<(int Pid, string Name)>();
        using (var scope = new LabScope())
        {
            var pair = scope.Add(new NetworkNamespacePair());
            nsA = pair.A.Name;
            nsB = pair.B.Name;
            var work = scope.Add(new LabTempDirectory("daemon"));
            var a = scope.Add(new StrongSwanInstance(pair.A, "a"));
            processes.Add((a.Pid, "charon-systemd"));
            DaemonProcess? daemon = null;
            try
            {
                var (localAuth, remoteAuth) = certificates ? DaemonLabCertificates.Write(a, work, TestKeyType.EcdsaP256) : ("", "");

                a.Load(SwanctlConfig.Psk(pair.A, pair.B, "a.lab.example", "b.lab.example") with
                {
                    PreSharedKey = strongSwanPsk,
                    Proposals = "aes256gcm16-prfsha256-x25519",
                    EspProposals = "aes128gcm16",
                    LocalAuth = certificates ? "pubkey" : "psk",
                    RemoteAuth = certificates ? "pubkey" : "psk",
                    LocalCertificate = certificates ? "a.crt" : null,
                    RemoteCaCertificates = certificates ? ["ca.crt"] : [],
                });
                string socket = work.PathOf("control.sock");
                string yaml = $"""
                    daemon:
                      listen: [{pair.B.OuterAddress}]
                      data_plane: tun
                      tun_name: dswd0
                      control_socket: {socket}
                      logging:
                        default: information
                        net: debug
                    connections:
                      lab:
                        local_addrs: {pair.B.OuterAddress}
                        remote_addrs: {pair.A.OuterAddress}
                        proposals: aes256gcm16-prfsha256-x25519
                        local:
                          id: b.lab.example{localAuth}
                        remote:
                          id: a.lab.example{remoteAuth}
                        children:
                          net:
                            local_ts: {pair.B.TrafficSelector}
                            remote_ts: {pair.A.TrafficSelector}
                            esp_proposals: aes128gcm16
                    {childExtra}
                    secrets:
                      ike:
                        - ids: [a.lab.example, b.lab.example]
                          secret: "{Psk}"
                    """;
                daemon = scope.Add(DaemonProcess.Start(pair.B, work.FullPath, yaml, socket));
                processes.Add((daemon.Pid, daemon.ProcessName));
                body(pair, a, daemon);
            }
            catch
            {
                if (daemon is not null)
                {
                    daemon.Dispose();
                    output.WriteLine("dotswan daemon:\n" + daemon.Output);
                }

                output.WriteLine("charon (A) log tail:\n" + a.LogTail(120));
                throw;
            }
        }

        Assert.All(processes, p => Assert.False(LabProcess.IsRunning(p.Pid, p.Name), $"{p.Name} {p.Pid} still runs"));
        var left = NetworkNamespacePair.ListNamespaces();
        Assert.DoesNotContain(nsA, left);
        Assert.DoesNotContain(nsB, left);
    }
}
