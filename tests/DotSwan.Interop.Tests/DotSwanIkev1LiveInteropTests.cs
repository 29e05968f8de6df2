using DotSwan.Wire.Ikev1;

namespace DotSwan.Interop.Tests;

/// <summary>
/// Live IKEv1 interop between strongSwan 5.9.8 (kernel-libipsec, <c>version = 1</c>) in namespace A and DotSwan's IKEv1
/// engine in namespace B (DotSwan.Ike.TestHost <c>--ikev1</c>): Main Mode with a pre-shared key, Quick Mode ESP in tunnel
/// mode, NAT-T port float (kernel-libipsec fakes a NAT so that ESP is UDP-encapsulated), pings through the tunnel.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class DotSwanIkev1LiveInteropTests(ITestOutputHelper output)
{
    private const string Psk = "dotswan-ikev1-live-interop-psk-0123456789";

    [LabTheory]
    [InlineData("aes256-sha256-modp2048", "aes128-sha256")]
    [InlineData("aes128-sha256-modp2048", "aes128-sha256-modp2048")]
    [InlineData("aes256-sha256-ecp256", "aes256-sha256-ecp256")]
    [InlineData("3des-sha1-modp1024", "aes128-sha1")]
    public void StrongSwan_initiator_main_mode_with_DotSwan_responder_and_ping_goes_through_esp(string ike, string esp)
    {
        Run(ike, esp, (pair, a, host, capture) =>
        {
            var initiate = a.Initiate("net");
            output.WriteLine(initiate.ToString());
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);

            var sa = Assert.Single(a.ListSas());
            Assert.Equal(("ESTABLISHED", "IKEv1"), (sa.State, sa.Version));
            Assert.Equal("INSTALLED", Assert.Single(sa.Children).State);

            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);

            string listing = a.Swanctl("--list-sas").EnsureSuccess().StandardOutput;
            output.WriteLine(listing);
            var child = Assert.Single(Assert.Single(SwanctlIkeSa.Parse(listing)).Children);
            capture.WaitUntil(d => EspSpis.Covers(d, child), TimeSpan.FromSeconds(5));
            var datagrams = capture.StopAndRead();

            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains($"event IkeSaEstablished {sa.InitiatorSpi:x16}_i {sa.ResponderSpi:x16}_r initiator=False", log, StringComparison.Ordinal);
            Assert.Contains($"event InstallChildSa in=0x{child.OutboundSpi:x8} out=0x{child.InboundSpi:x8}", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event IkeSaFailed", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event QuickModeFailed", log, StringComparison.Ordinal);
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"] + counters["ike.sendfailures"]);
            Assert.True(counters["ike.received4500"] >= 1 && counters["ike.sent4500"] >= 1, "no port float to 4500");
            Assert.True(counters["sa.in.packets"] >= 3 && counters["sa.out.packets"] >= 3, "no ESP both ways");
            Assert.Equal(0, counters["sa.in.drops"]);
            Assert.Equal((long)child.OutboundPackets, counters["sa.in.packets"]);
            Assert.Equal((long)child.InboundPackets, counters["sa.out.packets"]);

            // On the wire: ESP in UDP 4500 with the Quick Mode's SPIs; every ISAKMP message decodes: six Main Mode, three Quick Mode.
            EspSpis.AssertMatch(datagrams, child);
            var ike = datagrams.Where(d => d.IsIke).DistinctBy(d => Convert.ToHexString(d.IkeMessage.Span)).ToList();
            var messages = ike.Select(d => IsakmpMessageCodec.TryDecode(d.IkeMessage, out var m, out _) ? m : null).ToList();
            Assert.All(messages, Assert.NotNull);
            Assert.Equal(6, messages.Count(m => m!.Header.ExchangeType == IsakmpExchangeType.IdentityProtection));
            Assert.Equal(3, messages.Count(m => m!.Header.ExchangeType == IsakmpExchangeType.QuickMode));
        });
    }

    [LabTheory]
    [InlineData("aes256-sha256-modp2048", "aes128-sha256")]
    [InlineData("aes128-sha256-modp2048", "aes128-sha256-modp2048")]
    public void DotSwan_initiator_main_mode_with_strongSwan_responder_and_ping_goes_through_esp(string ike, string esp)
    {
        Run(ike, esp, (pair, a, host, capture) =>
        {
            capture.Stop();
            SwanctlIkeSa? sa = null;
            for (int attempt = 0;
                 attempt < 100 && !(sa is { Children.Count: > 0 } && sa.Children[0].State == "INSTALLED"
                                    && host.Output.Contains("event ChildSaEstablished", StringComparison.Ordinal));
                 attempt++)
            {
                Thread.Sleep(100);
                var sas = a.ListSas();
                sa = sas.Count > 0 ? sas[0] : null;
            }

            Assert.NotNull(sa);
            Assert.Equal(("ESTABLISHED", "IKEv1"), (sa.State, sa.Version));
            var child = Assert.Single(sa.Children);
            Assert.Equal("INSTALLED", child.State);

            var ping = pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);
            child = Assert.Single(Assert.Single(a.ListSas()).Children);

            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains($"event IkeSaEstablished {sa.InitiatorSpi:x16}_i {sa.ResponderSpi:x16}_r initiator=True", log, StringComparison.Ordinal);
            Assert.Contains($"event InstallChildSa in=0x{child.OutboundSpi:x8} out=0x{child.InboundSpi:x8}", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event IkeSaFailed", log, StringComparison.Ordinal);
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"] + counters["ike.sendfailures"]);
            Assert.Equal((long)child.OutboundPackets, counters["sa.in.packets"]);
            Assert.Equal((long)child.InboundPackets, counters["sa.out.packets"]);
            Assert.True(counters["sa.out.packets"] >= 3 && counters["sa.in.packets"] >= 3, "no ESP both ways");
        }, dotSwanInitiates: true);
    }

    /// <summary>DotSwan initiates with a 20 s session key lifetime: at 18 s it rekeys with a new Quick Mode and deletes the old pair.</summary>
    [LabFact]
    public void DotSwan_rekeys_the_ipsec_sas_by_time_and_strongSwan_follows()
    {
        Run("aes256-sha256-modp2048", "aes128-sha256-modp2048", (pair, a, host, capture) =>
        {
            capture.Stop();
            string Log() => host.Output;
            for (int i = 0; i < 100 && !Log().Contains("event ChildSaEstablished", StringComparison.Ordinal); i++) { Thread.Sleep(100); }
            var first = Assert.Single(Assert.Single(a.ListSas()).Children);
            for (int i = 0; i < 300 && !Log().Contains("event DeleteChildSa", StringComparison.Ordinal); i++) { Thread.Sleep(100); }
            Thread.Sleep(500);

            var sa = Assert.Single(a.ListSas());
            var second = Assert.Single(sa.Children);
            Assert.NotEqual(first.InboundSpi, second.InboundSpi);
            var ping = pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping over the rekeyed pair failed: " + ping);

            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Single(log.Split('\n'), l => l.Contains("event IkeSaEstablished", StringComparison.Ordinal));
            Assert.Contains($"event InstallChildSa in=0x{second.OutboundSpi:x8} out=0x{second.InboundSpi:x8}", log, StringComparison.Ordinal);
            Assert.Contains($"event DeleteChildSa in=0x{first.OutboundSpi:x8} out=0x{first.InboundSpi:x8}", log, StringComparison.Ordinal);
            Assert.Equal(2, counters["childsa.installed"]);
            Assert.Equal((1, 1), (counters["sad.inbound"], counters["sad.outbound"]));
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"]);
        }, dotSwanInitiates: true, extra: ["--session-key-seconds", "20"]);
    }

    /// <summary>DotSwan (responder) deletes the ISAKMP SA 3 s after establishing it: Delete for the IPsec SA, then for the ISAKMP SA.</summary>
    [LabFact]
    public void DotSwan_deletes_and_strongSwan_removes_the_ipsec_and_isakmp_sas()
    {
        Run("aes256-sha256-modp2048", "aes128-sha256", (pair, a, host, capture) =>
        {
            capture.Stop();
            Assert.True(a.Initiate("net").Succeeded, "swanctl --initiate failed");
            Assert.True(pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 1).Succeeded, "ping");
            for (int i = 0; i < 100 && a.ListSas().Count > 0; i++) { Thread.Sleep(100); }

            Assert.Empty(a.ListSas());
            string charon = a.ReadLog();
            Assert.Contains("parsed INFORMATIONAL_V1 request", charon, StringComparison.Ordinal);
            Assert.Contains("received DELETE for ESP CHILD_SA", charon, StringComparison.Ordinal);
            Assert.Contains("received DELETE for IKE_SA", charon, StringComparison.Ordinal);
            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains("event IkeSaDeleted", log, StringComparison.Ordinal);
            Assert.Equal((0, 0), (counters["sad.inbound"], counters["sad.outbound"]));
        }, extra: ["--delete-after-seconds", "3"]);
    }

    /// <summary>strongSwan rekeys the IPsec SAs (a new Quick Mode with PFS over the same phase 1, then a Delete for the old pair), then the ISAKMP SA.</summary>
    [LabFact]
    public void StrongSwan_rekeys_the_ipsec_sas_and_then_phase_1_and_ping_goes_through_after_each()
    {
        Run("aes256-sha256-modp2048", "aes128-sha256-modp2048", (pair, a, host, capture) =>
        {
            capture.Stop();
            Assert.True(a.Initiate("net").Succeeded, "swanctl --initiate failed");
            var ikeSa = Assert.Single(a.ListSas());
            var first = Assert.Single(ikeSa.Children);
            Assert.True(pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 1).Succeeded, "ping before the rekey");

            var rekey = a.Swanctl(["--rekey", "--child", "net"], TimeSpan.FromSeconds(20));
            output.WriteLine(rekey.ToString());
            Assert.True(rekey.Succeeded, rekey.ToString());
            SwanctlChildSa? second = null;
            for (int i = 0; i < 100 && second is null; i++)
            {
                Thread.Sleep(100);
                var sas = a.ListSas();
                // strongSwan keeps the old pair for a while (IKEv1 has no rekey collision handling): look for the new one.
                if (sas is [{ Children: var children }] && children.FirstOrDefault(c => c.InboundSpi != first.InboundSpi && c.State == "INSTALLED") is { } child
                    && host.Output.Contains($"event InstallChildSa in=0x{child.OutboundSpi:x8} out=0x{child.InboundSpi:x8}", StringComparison.Ordinal))
                {
                    second = child;
                }
            }

            Assert.NotNull(second);
            Assert.Equal(ikeSa.InitiatorSpi, Assert.Single(a.ListSas()).InitiatorSpi);
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            Assert.True(ping.Succeeded, "ping after the Quick Mode rekey failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);

            var reauth = a.Swanctl(["--rekey", "--ike", "lab"], TimeSpan.FromSeconds(20));
            output.WriteLine(reauth.ToString());
            Assert.True(reauth.Succeeded, reauth.ToString());
            SwanctlIkeSa? renewed = null;
            for (int i = 0; i < 100 && renewed is null; i++)
            {
                Thread.Sleep(100);
                var sas = a.ListSas();
                if (sas.FirstOrDefault(sa => sa.InitiatorSpi != ikeSa.InitiatorSpi && sa.State == "ESTABLISHED" && sa.Children.Any(c => c.State == "INSTALLED")) is { } only
                    && host.Output.Contains($"event IkeSaEstablished {only.InitiatorSpi:x16}_i", StringComparison.Ordinal))
                {
                    renewed = only;
                }
            }

            Assert.NotNull(renewed);
            ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            Assert.True(ping.Succeeded, "ping after the phase 1 renewal failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);

            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            output.WriteLine(a.LogTail(80));
            Assert.Contains($"event IkeSaEstablished {renewed.InitiatorSpi:x16}_i {renewed.ResponderSpi:x16}_r initiator=False", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event IkeSaFailed", log, StringComparison.Ordinal);
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"]);
        });
    }

    [LabFact]
    public void StrongSwan_terminates_and_DotSwan_removes_the_ipsec_and_isakmp_sas()
    {
        Run("aes256-sha256-modp2048", "aes128-sha256", (pair, a, host, capture) =>
        {
            capture.Stop();
            Assert.True(a.Initiate("net").Succeeded, "swanctl --initiate failed");
            Assert.True(pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 1).Succeeded, "ping");
            // A bounded TCP run from DotSwan's side before the delete: DotSwan encrypts the data, strongSwan decrypts it.
            var iperf = Iperf3.RunTcp(pair.A, pair.A.InnerAddress, pair.B, pair.B.InnerAddress, seconds: IkeTestHostProcess.Iperf3Seconds, bytes: IkeTestHostProcess.Iperf3Bytes);
            output.WriteLine(iperf.ToString());
            Assert.True(iperf.ReceivedBytes > 0, "iperf3 received nothing through the tunnel");

            var terminate = a.Swanctl(["--terminate", "--ike", "lab", "--timeout", "10"], TimeSpan.FromSeconds(20));
            output.WriteLine(terminate.ToString());
            Assert.True(terminate.Succeeded, "swanctl --terminate failed: " + terminate);
            Assert.Empty(a.ListSas());
            for (int i = 0; i < 50 && !host.Output.Contains("event IkeSaDeleted", StringComparison.Ordinal); i++) { Thread.Sleep(100); }

            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains("event DeleteChildSa", log, StringComparison.Ordinal);
            Assert.Contains("event IkeSaDeleted", log, StringComparison.Ordinal);
            Assert.Equal((0, 0), (counters["sad.inbound"], counters["sad.outbound"]));
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"]);
            // Every byte iperf3 received went out through DotSwan's outbound SA, inside IP and TCP headers.
            Assert.True(counters["sa.out.bytes"] >= iperf.ReceivedBytes, $"DotSwan encrypted {counters["sa.out.bytes"]} B, iperf3 received {iperf.ReceivedBytes} B");
        });
    }

    /// <summary>Aggressive Mode (PSK) with strongSwan as initiator: enabled on both sides explicitly (it is off by default in DotSwan).</summary>
    [LabFact]
    public void StrongSwan_initiator_aggressive_mode_with_DotSwan_responder_and_ping_goes_through_esp()
    {
        Run("aes256-sha256-modp2048", "aes128-sha256", (pair, a, host, capture) =>
        {
            capture.Stop();
            var initiate = a.Initiate("net");
            output.WriteLine(initiate.ToString());
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);
            Assert.Contains("AGGRESSIVE request 0 [ SA KE No ID", a.ReadLog(), StringComparison.Ordinal);
            var sa = Assert.Single(a.ListSas());
            Assert.Equal(("ESTABLISHED", "IKEv1"), (sa.State, sa.Version));
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);

            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains($"event IkeSaEstablished {sa.InitiatorSpi:x16}_i {sa.ResponderSpi:x16}_r initiator=False", log, StringComparison.Ordinal);
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"]);
            Assert.True(counters["sa.in.packets"] >= 3 && counters["sa.out.packets"] >= 3, "no ESP both ways");
        }, extra: ["--aggressive"], aggressive: true);
    }

    /// <summary>
    /// Aggressive Mode (PSK) with DotSwan as initiator: strongSwan answers it only with its explicit
    /// i_dont_care_about_security_and_use_aggressive_mode_psk setting (the PSK hash goes out before the peer is authenticated).
    /// </summary>
    [LabFact]
    public void DotSwan_initiator_aggressive_mode_with_strongSwan_responder_and_ping_goes_through_esp()
    {
        Run("aes256-sha256-modp2048", "aes128-sha256", (pair, a, host, capture) =>
        {
            capture.Stop();
            SwanctlIkeSa? sa = null;
            for (int attempt = 0;
                 attempt < 100 && !(sa is { Children.Count: > 0 } && sa.Children[0].State == "INSTALLED"
                                    && host.Output.Contains("event ChildSaEstablished", StringComparison.Ordinal));
                 attempt++)
            {
                Thread.Sleep(100);
                var sas = a.ListSas();
                sa = sas.Count > 0 ? sas[0] : null;
            }

            Assert.NotNull(sa);
            Assert.Equal(("ESTABLISHED", "IKEv1"), (sa.State, sa.Version));
            Assert.Contains("AGGRESSIVE request 0 [ SA KE No ID", a.ReadLog(), StringComparison.Ordinal);
            var ping = pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
            var child = Assert.Single(Assert.Single(a.ListSas()).Children);

            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains($"event IkeSaEstablished {sa.InitiatorSpi:x16}_i {sa.ResponderSpi:x16}_r initiator=True", log, StringComparison.Ordinal);
            Assert.Contains($"event InstallChildSa in=0x{child.OutboundSpi:x8} out=0x{child.InboundSpi:x8}", log, StringComparison.Ordinal);
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"]);
            Assert.True(counters["sa.in.packets"] >= 3 && counters["sa.out.packets"] >= 3, "no ESP both ways");
        }, dotSwanInitiates: true, extra: ["--aggressive"], aggressive: true,
            swanOptions: new StrongSwanOptions { ExtraSettings = ["i_dont_care_about_security_and_use_aggressive_mode_psk = yes"] });
    }

    private void Run(string ike, string esp, Action<NetworkNamespacePair, StrongSwanInstance, IkeTestHostProcess, PacketCapture> body, bool dotSwanInitiates = false,
        string[]? extra = null, bool aggressive = false,
        StrongSwanOptions? swanOptions = null)
    {
        string nsA;
        string nsB;
        var processes = new List<(int Pid, string Name)>();
        using (var scope = new LabScope())
        {
            var pair = scope.Add(new NetworkNamespacePair());
            nsA = pair.A.Name;
            nsB = pair.B.Name;
            var work = scope.Add(new LabTempDirectory("live-v1"));
            var a = scope.Add(new StrongSwanInstance(pair.A, "a", swanOptions));
            processes.Add((a.Pid, "charon-systemd"));
            IkeTestHostProcess? host = null;
            try
            {
                a.Load(SwanctlConfig.Psk(pair.A, pair.B, "a.lab.example", "b.lab.example") with
                {
                    Version = 1,
                    ExtraConnectionSettings = aggressive ? ["aggressive = yes"] : [],
                    PreSharedKey = Psk,
                    Proposals = ike,
                    EspProposals = esp,
                });
                var capture = scope.Add(new PacketCapture(pair.A, pair.A.InterfaceName));
                string[] arguments =
                [
                    "--ikev1", "--tun", "dswike0", "--local", pair.B.OuterAddress.ToString(), "--peer", pair.A.OuterAddress.ToString(),
                    "--local-id", "b.lab.example", "--remote-id", "a.lab.example", "--psk", Psk, "--ike", ike, "--esp", esp,
                    "--local-ts", pair.B.TrafficSelector, "--remote-ts", pair.A.TrafficSelector, "--max-seconds", "120",
                    .. ike.Contains("3des", StringComparison.Ordinal) || ike.Contains("modp1024", StringComparison.Ordinal) ? (string[])["--legacy"] : [],
                    .. extra ?? [],
                ];
                host = scope.Add(IkeTestHostProcess.Start(pair.B, work.FullPath, dotSwanInitiates ? [.. arguments, "--initiate"] : arguments));
                processes.Add((host.Pid, host.ProcessName));
                body(pair, a, host, capture);
            }
            catch
            {
                if (host is not null)
                {
                    host.Dispose();
                    output.WriteLine("DotSwan host:\n" + host.Output);
                }

                output.WriteLine("charon (A) log tail:\n" + a.LogTail(150));
                throw;
            }
        }

        Assert.All(processes, p => Assert.False(LabProcess.IsRunning(p.Pid, p.Name), $"{p.Name} {p.Pid} still runs"));
        var left = NetworkNamespacePair.ListNamespaces();
        Assert.DoesNotContain(nsA, left);
        Assert.DoesNotContain(nsB, left);
    }
}
