using DotSwan.TestSupport.Certificates;
using DotSwan.TestSupport.Lab;

namespace DotSwan.Interop.Tests;

/// <summary>
/// The real dotswan daemon with a <c>version: 1</c> connection, in namespace B with the TUN data plane, against
/// strongSwan 5.9.8 (<c>version = 1</c>, kernel-libipsec) in namespace A: Main Mode with PSK (aes256-sha256-modp2048),
/// Quick Mode for ESP aes128-sha256, ESP in UDP (the TUN data plane forces NAT-T, as strongSwan's encap = yes). Both
/// directions, pings through the IPsec SA, <c>dotswan status --json</c>, rekey, down, stop, trap, and the key log
/// decrypting a capture of the exchange in tshark.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DaemonIkev1LiveInteropTests(ITestOutputHelper output)
{
    private const string Psk = "dotswan-daemon-ikev1-interop-psk-0123456789";

    [LabFact]
    public void StrongSwan_initiates_ikev1_to_the_daemon_ping_flows_status_json_shows_the_isakmp_sa_and_stopping_the_daemon_deletes_it()
    {
        Run((pair, a, daemon, _) =>
        {
            var initiate = a.Initiate("net");
            output.WriteLine(initiate.ToString());
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);

            var sa = Assert.Single(a.ListSas());
            Assert.Equal(("ESTABLISHED", "IKEv1"), (sa.State, sa.Version));
            var child = Assert.Single(sa.Children);
            var status = daemon.StatusJson();
            output.WriteLine(status.ToString());
            var ike = Assert.Single(status.GetProperty("ike_sas").EnumerateArray());
            Assert.Equal((1, "established", false), (ike.GetProperty("version").GetInt32(), ike.GetProperty("state").GetString(), ike.GetProperty("initiator").GetBoolean()));
            Assert.Equal($"{sa.InitiatorSpi:x16}_{sa.ResponderSpi:x16}", ike.GetProperty("id").GetString());
            Assert.Equal("a.lab.example", ike.GetProperty("remote_id").GetString());
            var ourChild = Assert.Single(ike.GetProperty("children").EnumerateArray());
            Assert.Equal($"{child.OutboundSpi:x8}", ourChild.GetProperty("inbound_spi").GetString());
            Assert.Equal($"{child.InboundSpi:x8}", ourChild.GetProperty("outbound_spi").GetString());
            Assert.True(ourChild.GetProperty("packets_in").GetInt64() >= 3);
            Assert.True(ourChild.GetProperty("packets_out").GetInt64() >= 3);

            var table = daemon.Cli("status");
            output.WriteLine(table.StandardOutput);
            Assert.Contains("established (responder, IKEv1)", table.StandardOutput, StringComparison.Ordinal);

            Assert.True(daemon.Stop(), "the daemon did not stop");
            output.WriteLine(daemon.Output);
            Assert.Contains("shutting down: deleting 1 IKE SA(s)", daemon.Output, StringComparison.Ordinal);
            WaitUntil(() => a.ListSas().Count == 0, "strongSwan still holds the ISAKMP SA after the daemon stopped");
        });
    }

    [LabFact]
    public void Dotswan_up_initiates_ikev1_ping_flows_rekey_runs_a_quick_mode_and_down_deletes()
    {
        Run((pair, a, daemon, _) =>
        {
            var up = daemon.Cli("up", "lab", "--timeout", "20");
            output.WriteLine(up.ToString());
            Assert.True(up.Succeeded, "dotswan up failed: " + up);
            WaitUntil(() => a.ListSas() is [{ State: "ESTABLISHED" } s] && s.Children.Count == 1, "strongSwan has no IPsec SA");
            var ping = pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
            var ike = Assert.Single(daemon.StatusJson().GetProperty("ike_sas").EnumerateArray());
            Assert.True(ike.GetProperty("initiator").GetBoolean());
            Assert.Equal(1, ike.GetProperty("version").GetInt32());

            var before = Assert.Single(Assert.Single(a.ListSas()).Children);
            var rekey = daemon.Cli("rekey", "lab");
            output.WriteLine(rekey.ToString());
            Assert.True(rekey.Succeeded, rekey.ToString());
            WaitUntil(() => a.ListSas() is [{ } sa] && sa.Children.Count == 1 && sa.Children[0].State == "INSTALLED" && sa.Children[0].InboundSpi != before.InboundSpi,
                "strongSwan did not get DotSwan's Quick Mode rekey (or kept the old IPsec SA)");
            var after = Assert.Single(Assert.Single(a.ListSas()).Children);
            ping = pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 2);
            Assert.True(ping.Succeeded, "ping after the rekey failed: " + ping);
            var ours = Assert.Single(Assert.Single(daemon.StatusJson().GetProperty("ike_sas").EnumerateArray()).GetProperty("children").EnumerateArray());
            Assert.Equal($"{after.OutboundSpi:x8}", ours.GetProperty("inbound_spi").GetString());

            var down = daemon.Cli("down", "lab");
            output.WriteLine(down.ToString());
            Assert.True(down.Succeeded, down.ToString());
            WaitUntil(() => a.ListSas().Count == 0, "strongSwan still holds the ISAKMP SA after dotswan down");
            WaitUntil(() => daemon.StatusJson().GetProperty("ike_sas").GetArrayLength() == 0, "the daemon still holds the ISAKMP SA");
        });
    }

    [LabFact]
    public void StrongSwans_quick_mode_rekey_and_delete_are_followed_by_the_daemon()
    {
        Run((pair, a, daemon, _) =>
        {
            Assert.True(a.Initiate("net").Succeeded, "swanctl --initiate failed");
            var first = Assert.Single(Assert.Single(a.ListSas()).Children);
            Assert.True(a.Swanctl(["--rekey", "--child", "net"], TimeSpan.FromSeconds(20)).Succeeded, "strongSwan's Quick Mode rekey failed");
            WaitUntil(() => a.ListSas() is [{ } sa] && sa.Children.Any(c => c.State == "INSTALLED" && c.InboundSpi != first.InboundSpi),
                "no new IPsec SA at strongSwan");
            var second = Assert.Single(Assert.Single(a.ListSas()).Children, c => c.State == "INSTALLED" && c.InboundSpi != first.InboundSpi);
            // strongSwan keeps the old IKEv1 IPsec SA (REKEYED) until it expires and sends no Delete for it: the daemon keeps
            // both pairs, as RFC 2409 allows, and traffic moves to the new one.
            WaitUntil(() => daemon.StatusJson().GetProperty("ike_sas").EnumerateArray().Single().GetProperty("children").EnumerateArray()
                    .Select(c => c.GetProperty("inbound_spi").GetString()).Contains($"{second.OutboundSpi:x8}"),
                "the daemon did not install strongSwan's new IPsec SA");
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 2);
            Assert.True(ping.Succeeded, "ping after strongSwan's rekey failed: " + ping);

            var ours = Assert.Single(daemon.StatusJson().GetProperty("ike_sas").EnumerateArray()).GetProperty("children").EnumerateArray()
                .Single(c => c.GetProperty("inbound_spi").GetString() == $"{second.OutboundSpi:x8}");
            Assert.True(ours.GetProperty("packets_in").GetInt64() >= 2, "the pings did not use the new IPsec SA");

            Assert.True(a.Swanctl(["--terminate", "--ike", "lab"], TimeSpan.FromSeconds(20)).Succeeded, "swanctl --terminate failed");
            WaitUntil(() => daemon.StatusJson().GetProperty("ike_sas").GetArrayLength() == 0, "the daemon still holds the ISAKMP SA after strongSwan deleted it");
            var stats = System.Text.Json.JsonDocument.Parse(daemon.Cli("stats", "--json").StandardOutput).RootElement.GetProperty("counters");
            Assert.Equal(0, stats.GetProperty("sa.child").GetInt64());
            Assert.Equal(0, stats.GetProperty("sa.ikev1.ipsec").GetInt64());
        });
    }

    [LabFact]
    public void Start_action_trap_initiates_ikev1_on_the_first_packet_into_the_tunnel()
    {
        Run((pair, a, daemon, _) =>
        {
            Assert.Empty(a.ListSas());
            pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 1);
            WaitUntil(() => a.ListSas() is [{ State: "ESTABLISHED" } sa] && sa.Children.Count == 1, "the trap did not bring the IKEv1 tunnel up");
            WaitUntil(() => daemon.StatusJson().GetProperty("ike_sas").EnumerateArray().Any(i => i.GetProperty("children").GetArrayLength() == 1),
                "the daemon shows no IPsec SA");
            var ping = pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 3);
            Assert.True(ping.Succeeded, "ping after the trap fired failed: " + ping);
            Assert.Contains("traffic matched its trap, initiating", daemon.Output, StringComparison.Ordinal);
            Assert.Contains("IKEv1 Main Mode", daemon.Output, StringComparison.Ordinal);
        }, childExtra: "        start_action: trap");
    }

    [LabFact]
    public void The_key_log_lets_tshark_decrypt_a_capture_of_the_ikev1_exchange()
    {
        Run((pair, a, daemon, work) =>
        {
            using var capture = new PacketCapture(pair.A, pair.A.InterfaceName);
            Assert.True(a.Initiate("net").Succeeded, "swanctl --initiate failed");
            var sa = Assert.Single(a.ListSas());
            Assert.True(capture.WaitUntil(d => d.Count >= 9, TimeSpan.FromSeconds(10)), "the capture did not see Main Mode and Quick Mode");
            capture.Stop();

            string keys = work.PathOf("keys");
            var export = daemon.Cli("keys", "export", "--wireshark", keys);
            output.WriteLine(export.ToString());
            Assert.True(export.Succeeded, export.ToString());
            string line = Assert.Single(File.ReadAllLines(Path.Combine(keys, "ikev1_decryption_table")));
            Assert.StartsWith($"{sa.InitiatorSpi:x16},", line, StringComparison.Ordinal);

            // Without the table tshark sees only ciphertext; with it, the identities inside Main Mode messages 5 and 6.
            var blind = LabCommand.Run("tshark", ["-r", capture.FilePath, "-V"], TimeSpan.FromSeconds(60));
            Assert.DoesNotContain("ID_FQDN: b.lab.example", blind.StandardOutput, StringComparison.Ordinal);
            var decrypted = LabCommand.Run("tshark", ["-r", capture.FilePath, "-V", "-o", $"uat:ikev1_decryption_table:{line}"], TimeSpan.FromSeconds(60));
            Assert.True(decrypted.Succeeded, decrypted.ToString());
            Assert.Contains("ID_FQDN: a.lab.example", decrypted.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("ID_FQDN: b.lab.example", decrypted.StandardOutput, StringComparison.Ordinal);
        }, daemonExtra: "  key_log: yes");
    }

    [LabFact]
    public void StrongSwan_initiates_ikev1_main_mode_with_rsa_certificates_to_the_daemon_and_ping_flows()
    {
        Run((pair, a, daemon, _) =>
        {
            var initiate = a.Initiate("net");
            output.WriteLine(initiate.ToString());
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
            var ike = Assert.Single(daemon.StatusJson().GetProperty("ike_sas").EnumerateArray());
            Assert.Equal((1, "established", "a.lab.example"), (ike.GetProperty("version").GetInt32(), ike.GetProperty("state").GetString(), ike.GetProperty("remote_id").GetString()));
            Assert.Contains("authentication of 'b.lab.example' with RSA_EMSA_PKCS1_NULL successful", a.ReadLog(), StringComparison.Ordinal);
        }, certificates: true);
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

    /// <param name="certificates">Both sides authenticate with RSA certificates from a CA made here instead of the PSK.</param>
    private void Run(Action<NetworkNamespacePair, StrongSwanInstance, DaemonProcess, LabTempDirectory> body, string childExtra = "", string daemonExtra = "",
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
            var work = scope.Add(new LabTempDirectory("daemon-v1"));
            var a = scope.Add(new StrongSwanInstance(pair.A, "a"));
            processes.Add((a.Pid, "charon-systemd"));
            DaemonProcess? daemon = null;
            try
            {
                var (localAuth, remoteAuth) = certificates ? DaemonLabCertificates.Write(a, work, TestKeyType.Rsa) : ("", "");

                a.Load(SwanctlConfig.Psk(pair.A, pair.B, "a.lab.example", "b.lab.example") with
                {
                    Version = 1,
                    PreSharedKey = Psk,
                    Proposals = "aes256-sha256-modp2048",
                    EspProposals = "aes128-sha256",
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
                      tun_name: dswv1d0
                      control_socket: {socket}
                    {daemonExtra}
                      logging:
                        default: information
                        net: debug
                    connections:
                      lab:
                        version: 1
                        local_addrs: {pair.B.OuterAddress}
                        remote_addrs: {pair.A.OuterAddress}
                        proposals: aes256-sha256-modp2048
                        local:
                          id: b.lab.example{localAuth}
                        remote:
                          id: a.lab.example{remoteAuth}
                        children:
                          net:
                            local_ts: {pair.B.TrafficSelector}
                            remote_ts: {pair.A.TrafficSelector}
                            esp_proposals: aes128-sha256
                    {childExtra}
                    secrets:
                      ike:
                        - ids: [a.lab.example, b.lab.example]
                          secret: "{Psk}"
                    """;
                daemon = scope.Add(DaemonProcess.Start(pair.B, work.FullPath, yaml, socket));
                processes.Add((daemon.Pid, daemon.ProcessName));
                body(pair, a, daemon, work);
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
