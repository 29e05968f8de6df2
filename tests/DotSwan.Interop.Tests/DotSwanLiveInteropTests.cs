using DotSwan.Wire.Ikev2;

namespace DotSwan.Interop.Tests;

/// <summary>
/// Live interop between strongSwan 5.9.8 (kernel-libipsec) in namespace A and DotSwan's IKEv2 engine in namespace B
/// (DotSwan.Ike.TestHost), PSK, IKE aes256gcm16-prfsha256-x25519, ESP aes128gcm16: with either side initiating, pings
/// between 10.1.0.1 and 10.2.0.1 go through the negotiated Child SA as ESP in UDP 4500, handled on B by DotSwan's TUN data plane.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class DotSwanLiveInteropTests(ITestOutputHelper output)
{
    private const string Psk = "dotswan-live-interop-psk-0123456789";

    [LabFact]
    public void StrongSwan_initiator_establishes_with_DotSwan_responder_and_ping_goes_through_esp()
    {
        Run(Psk, (pair, a, host, capture) =>
        {
            var initiate = a.Initiate("net");
            output.WriteLine(initiate.ToString());
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);

            var sa = Assert.Single(a.ListSas());
            Assert.Equal(("ESTABLISHED", "IKEv2"), (sa.State, sa.Version));
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
            Assert.Contains("event ChildSaEstablished", log, StringComparison.Ordinal);
            // DotSwan's inbound SPI is strongSwan's outbound one and vice versa.
            Assert.Contains($"event InstallChildSa in=0x{child.OutboundSpi:x8} out=0x{child.InboundSpi:x8} AesGcm16/128", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event IkeSaFailed", log, StringComparison.Ordinal);
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"] + counters["ike.sendfailures"]);
            // IKE_SA_INIT on 500, IKE_AUTH floated to 4500 (behind the non-ESP marker), answered on each.
            Assert.True(counters["ike.received4500"] >= 1 && counters["ike.sent4500"] >= 1, "no IKE on 4500");

            // The ping's 3 requests were decrypted and its 3 replies encrypted by DotSwan's data plane, and what DotSwan
            // counted is what strongSwan counted on its side of the Child SA.
            Assert.True(counters["sa.in.packets"] >= 3, $"decrypted {counters["sa.in.packets"]}");
            Assert.True(counters["sa.out.packets"] >= 3, $"encrypted {counters["sa.out.packets"]}");
            Assert.Equal(0, counters["sa.in.drops"]);
            Assert.Equal((1, 1), (counters["sad.inbound"], counters["sad.outbound"]));
            Assert.Equal(0, counters["plane.drop.UnknownSpi"] + counters["plane.drop.DecapsulationFailed"] + counters["plane.drop.InboundPolicy"]);
            Assert.Equal((long)child.OutboundPackets, counters["sa.in.packets"]);
            Assert.Equal((long)child.InboundPackets, counters["sa.out.packets"]);

            // On the wire: ESP in UDP 4500 with exactly the Child SA's SPIs, and every IKE message decodes with our codec.
            EspSpis.AssertMatch(datagrams, child);
            var ike = datagrams.Where(d => d.IsIke).ToList();
            Assert.All(ike, d => Assert.True(Ikev2MessageCodec.TryDecode(d.IkeMessage.Span, out _, out var error), $"frame {d.Frame}: {error}"));
            Assert.Contains(ike, d => d.SourcePort == 4500 && d.Source.Equals(pair.B.OuterAddress));
        });
    }

    [LabFact]
    public void StrongSwan_initiator_with_the_wrong_psk_is_refused_by_DotSwan()
    {
        Run("not-the-" + Psk, (pair, a, host, capture) =>
        {
            capture.Stop();
            var initiate = a.Initiate("net");
            output.WriteLine(initiate.ToString());
            Assert.False(initiate.Succeeded, "strongSwan established with the wrong PSK");
            Assert.DoesNotContain(a.ListSas(), sa => sa.State == "ESTABLISHED");

            host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains("event IkeSaFailed", log, StringComparison.Ordinal);
            Assert.Contains("kind=AuthenticationFailed", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event IkeSaEstablished", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event InstallChildSa", log, StringComparison.Ordinal);
            // strongSwan was told: DotSwan's IKE_AUTH answer carried AUTHENTICATION_FAILED.
            Assert.Contains("AUTH_FAILED", a.ReadLog(), StringComparison.Ordinal);
        });
    }

    /// <summary>
    /// strongSwan rekeys the Child SA (with PFS: esp_proposals with X25519, so its CREATE_CHILD_SA carries KE) and then the
    /// IKE SA against DotSwan's responder; the same IKE SA lineage survives, strongSwan deletes the old pair and the old
    /// IKE SA, and pings go through the new Child SA on DotSwan's data plane after each rekey.
    /// </summary>
    [LabFact]
    public void StrongSwan_rekeys_the_child_sa_with_pfs_and_the_ike_sa_and_ping_goes_through_after_each()
    {
        Run(Psk, (pair, a, host, capture) =>
        {
            capture.Stop();
            var initiate = a.Initiate("net");
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);
            var ikeSa = Assert.Single(a.ListSas());
            var first = Assert.Single(ikeSa.Children);
            Assert.True(pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 1).Succeeded, "ping before the rekey");

            var rekey = a.Swanctl(["--rekey", "--child", "net"], TimeSpan.FromSeconds(20));
            output.WriteLine(rekey.ToString());
            Assert.True(rekey.Succeeded, rekey.ToString());
            var afterChild = WaitForSingleChild(a, ikeSa.InitiatorSpi, c => c.InboundSpi != first.InboundSpi);
            Assert.Equal((ikeSa.InitiatorSpi, ikeSa.ResponderSpi), (afterChild.InitiatorSpi, afterChild.ResponderSpi));
            var second = Assert.Single(afterChild.Children);
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping after the Child SA rekey failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);

            rekey = a.Swanctl(["--rekey", "--ike", "lab"], TimeSpan.FromSeconds(20));
            output.WriteLine(rekey.ToString());
            Assert.True(rekey.Succeeded, rekey.ToString());
            var afterIke = WaitForSingleChild(a, null, c => c.InboundSpi == second.InboundSpi, sa => sa.InitiatorSpi != ikeSa.InitiatorSpi);
            ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping after the IKE SA rekey failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);
            string charonLog = a.ReadLog();

            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            // PFS: strongSwan's rekey request carried a KE payload and DotSwan's answer one too.
            Assert.Matches(@"generating CREATE_CHILD_SA request \d+ \[ N\(REKEY_SA\) SA No KE TSi TSr \]", charonLog);
            Assert.Matches(@"parsed CREATE_CHILD_SA response \d+ \[ SA No KE TSi TSr \]", charonLog);
            Assert.DoesNotContain("NO_ADD_SAS", charonLog, StringComparison.Ordinal);
            Assert.Contains($"event ChildSaRekeyed {ikeSa.InitiatorSpi:x16}_i {ikeSa.ResponderSpi:x16}_r old_in=0x{first.OutboundSpi:x8} new_in=0x{second.OutboundSpi:x8} initiated=False", log, StringComparison.Ordinal);
            Assert.Contains($"event InstallChildSa in=0x{second.OutboundSpi:x8} out=0x{second.InboundSpi:x8}", log, StringComparison.Ordinal);
            Assert.Contains($"event DeleteChildSa in=0x{first.OutboundSpi:x8} out=0x{first.InboundSpi:x8}", log, StringComparison.Ordinal);
            Assert.Contains($"event IkeSaRekeyed {ikeSa.InitiatorSpi:x16}_i {ikeSa.ResponderSpi:x16}_r new={afterIke.InitiatorSpi:x16}_i {afterIke.ResponderSpi:x16}_r initiated=False", log, StringComparison.Ordinal);
            Assert.Contains($"event IkeSaDeleted {ikeSa.InitiatorSpi:x16}_i {ikeSa.ResponderSpi:x16}_r", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event IkeSaFailed", log, StringComparison.Ordinal);
            Assert.DoesNotContain($"event IkeSaEstablished {afterIke.InitiatorSpi:x16}_i", log, StringComparison.Ordinal); // rekeyed, not re-authenticated
            Assert.Equal(2, counters["childsa.installed"]);
            Assert.Equal((1, 1), (counters["sad.inbound"], counters["sad.outbound"]));
            Assert.Equal(7, counters["sa.in.packets"]);
            Assert.Equal(7, counters["sa.out.packets"]);
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"] + counters["ike.sendfailures"]);
        }, esp: "aes128gcm16-x25519");
    }

    /// <summary>
    /// DotSwan initiates with short lifetimes (Child SA rekey 8 s with PFS, IKE SA rekey 20 s) and rekeys on its own timers against
    /// strongSwan's responder; afterwards strongSwan holds exactly DotSwan's newest IKE SA and Child SA, and pings from
    /// DotSwan's side go through.
    /// </summary>
    [LabFact]
    public void DotSwan_initiator_rekeys_child_sa_and_ike_sa_on_its_lifetimes_against_strongSwan_and_ping_goes_through()
    {
        Run(Psk, (pair, a, host, capture) =>
        {
            capture.Stop();
            // Bounded wait: two Child SA rekeys and one IKE SA rekey of DotSwan's (about 7.5 s, 15 s and 19 s in).
            for (int attempt = 0; attempt < 600 && !(Count(host.Output, "initiated=True", "event ChildSaRekeyed") >= 2
                                                    && Count(host.Output, "initiated=True", "event IkeSaRekeyed") >= 1); attempt++)
            {
                Thread.Sleep(100);
            }

            string log = host.Output;
            Assert.True(Count(log, "initiated=True", "event ChildSaRekeyed") >= 2, "DotSwan did not rekey the Child SA twice:\n" + log);
            Assert.True(Count(log, "initiated=True", "event IkeSaRekeyed") >= 1, "DotSwan did not rekey the IKE SA:\n" + log);
            var sa = WaitForSingleChild(a, null, _ => true, sa => log.Contains($"new={sa.InitiatorSpi:x16}_i {sa.ResponderSpi:x16}_r", StringComparison.Ordinal));
            var child = Assert.Single(sa.Children);
            var ping = pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping after DotSwan's rekeys failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);
            string charonLog = a.ReadLog();

            var counters = host.StopAndReadCounters();
            log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains($"event InstallChildSa in=0x{child.OutboundSpi:x8} out=0x{child.InboundSpi:x8}", log, StringComparison.Ordinal);
            // DotSwan's Child SA rekeys carry KE (PFS), its IKE SA rekey SA, Ni and KE; strongSwan answered them all.
            Assert.Matches(@"parsed CREATE_CHILD_SA request \d+ \[ N\(REKEY_SA\) SA No KE TSi TSr \]", charonLog);
            Assert.Matches(@"generating CREATE_CHILD_SA response \d+ \[ SA No KE TSi TSr \]", charonLog);
            Assert.Matches(@"parsed CREATE_CHILD_SA request \d+ \[ SA No KE \]", charonLog);
            Assert.DoesNotContain("CHILD_SA_NOT_FOUND", charonLog, StringComparison.Ordinal);
            Assert.DoesNotContain("event IkeSaFailed", log, StringComparison.Ordinal);
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"] + counters["ike.sendfailures"]);
            Assert.True(counters["sa.in.packets"] >= 3 && counters["sa.out.packets"] >= 3, "no ESP both ways");
        }, dotSwanInitiates: true, esp: "aes128gcm16-x25519", hostArguments: ["--child-rekey-seconds", "8", "--ike-rekey-seconds", "20"]);
    }

    /// <summary>
    /// DotSwan is the IKE SA's responder but starts the rekeys (SIGUSR1, then SIGUSR2): its CREATE_CHILD_SA initiator role
    /// differs from its IKE role, so KEYMAT's first keys are its own sending keys (RFC 7296 §2.17), and it becomes the new
    /// IKE SA's original initiator (§2.18). strongSwan accepts both and pings go through after each.
    /// </summary>
    [LabFact]
    public void DotSwan_responder_rekeys_child_sa_and_ike_sa_against_strongSwan_initiator_and_ping_goes_through()
    {
        Run(Psk, (pair, a, host, capture) =>
        {
            capture.Stop();
            var initiate = a.Initiate("net");
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);
            var ikeSa = Assert.Single(a.ListSas());
            var first = Assert.Single(ikeSa.Children);

            LabProcess.Signal(host.Pid, host.ProcessName, "USR1");
            var afterChild = WaitForSingleChild(a, ikeSa.InitiatorSpi, c => c.InboundSpi != first.InboundSpi);
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping after DotSwan's Child SA rekey failed: " + ping);
            var second = Assert.Single(afterChild.Children);

            LabProcess.Signal(host.Pid, host.ProcessName, "USR2");
            var afterIke = WaitForSingleChild(a, null, c => c.InboundSpi == second.InboundSpi, sa => sa.InitiatorSpi != ikeSa.InitiatorSpi);
            ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping after DotSwan's IKE SA rekey failed: " + ping);
            string charonLog = a.ReadLog();

            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains($"event ChildSaRekeyed {ikeSa.InitiatorSpi:x16}_i {ikeSa.ResponderSpi:x16}_r old_in=0x{first.OutboundSpi:x8} new_in=0x{second.OutboundSpi:x8} initiated=True", log, StringComparison.Ordinal);
            // DotSwan started the IKE SA rekey, so its new SPI is the new SA's initiator SPI.
            Assert.Contains($"event IkeSaRekeyed {ikeSa.InitiatorSpi:x16}_i {ikeSa.ResponderSpi:x16}_r new={afterIke.InitiatorSpi:x16}_i {afterIke.ResponderSpi:x16}_r initiated=True", log, StringComparison.Ordinal);
            Assert.Matches(@"parsed CREATE_CHILD_SA request \d+ \[ N\(REKEY_SA\) SA No TSi TSr \]", charonLog);
            Assert.Matches(@"parsed CREATE_CHILD_SA request \d+ \[ SA No KE \]", charonLog);
            Assert.DoesNotContain("event IkeSaFailed", log, StringComparison.Ordinal);
            Assert.Equal((1, 1), (counters["sad.inbound"], counters["sad.outbound"]));
            Assert.Equal(6, counters["sa.in.packets"]);
            Assert.Equal(6, counters["sa.out.packets"]);
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"] + counters["ike.sendfailures"]);
        });
    }

    /// <summary>
    /// strongSwan and DotSwan rekey the Child SA at nearly the same moment (swanctl --rekey, then SIGUSR1 to the host 300 ms
    /// later); DotSwan holds received IKE messages back 1.5 s, so each request reaches the other side while its own is
    /// outstanding: a simultaneous rekey (RFC 7296 §2.8.1) both resolve by the nonce rule, ending with one Child SA that
    /// carries pings.
    /// </summary>
    [LabFact]
    public void Simultaneous_child_sa_rekey_by_strongSwan_and_DotSwan_leaves_one_child_sa()
    {
        Run(Psk, (pair, a, host, capture) =>
        {
            capture.Stop();
            var initiate = a.Initiate("net");
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);
            var first = Assert.Single(Assert.Single(a.ListSas()).Children);
            var rekey = Task.Run(() => a.Swanctl(["--rekey", "--child", "net"], TimeSpan.FromSeconds(20)));
            // As for the IKE SA collision: DotSwan starts its rekey only once charon has sent its own request.
            for (int attempt = 0; attempt < 100 && !a.ReadLog().Contains("generating CREATE_CHILD_SA request", StringComparison.Ordinal); attempt++)
            {
                Thread.Sleep(50);
            }

            LabProcess.Signal(host.Pid, host.ProcessName, "USR1");
            output.WriteLine(rekey.GetAwaiter().GetResult().ToString());
            for (int attempt = 0; attempt < 150 && !a.ReadLog().Contains("CHILD_SA rekey collision", StringComparison.Ordinal); attempt++)
            {
                Thread.Sleep(100);
            }

            var sa = WaitForSingleChild(a, null, c => c.InboundSpi != first.InboundSpi);
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            string charonLog = a.ReadLog();
            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            output.WriteLine(string.Join('\n', charonLog.Split('\n').Where(l => l.Contains("collision", StringComparison.Ordinal))));
            Assert.True(ping.Succeeded, "ping after the simultaneous rekey failed: " + ping);
            Assert.Contains("detected CHILD_REKEY collision with CHILD_REKEY", charonLog, StringComparison.Ordinal);
            Assert.Matches("CHILD_SA rekey collision (won|lost)", charonLog);
            Assert.Equal(1, counters["engine.rekeycollisions"]);
            // Three pairs were made in all (the first and one per rekey); the survivor is the same on both sides.
            var child = Assert.Single(sa.Children);
            Assert.Equal(3, counters["childsa.installed"]);
            Assert.Contains($"event InstallChildSa in=0x{child.OutboundSpi:x8} out=0x{child.InboundSpi:x8}", log, StringComparison.Ordinal);
            Assert.DoesNotContain($"event DeleteChildSa in=0x{child.OutboundSpi:x8}", log, StringComparison.Ordinal);
            Assert.Equal((1, 1), (counters["sad.inbound"], counters["sad.outbound"]));
            Assert.DoesNotContain("event IkeSaFailed", log, StringComparison.Ordinal);
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"] + counters["ike.sendfailures"]);
        }, hostArguments: ["--ike-receive-delay-ms", "1500"]);
    }

    /// <summary>The same for the IKE SA (RFC 7296 §2.8.2, SIGUSR2): one new IKE SA survives and keeps the Child SA.</summary>
    [LabFact]
    public void Simultaneous_ike_sa_rekey_by_strongSwan_and_DotSwan_leaves_one_ike_sa_with_the_child_sa()
    {
        Run(Psk, (pair, a, host, capture) =>
        {
            capture.Stop();
            var initiate = a.Initiate("net");
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);
            var first = Assert.Single(a.ListSas());
            var child = Assert.Single(first.Children);
            var rekey = Task.Run(() => a.Swanctl(["--rekey", "--ike", "lab"], TimeSpan.FromSeconds(20)));
            // strongSwan's request must be on its way (DotSwan holds received messages back 1.5 s) before DotSwan starts
            // its own: a fixed sleep lost that race on a loaded machine, so wait for charon to say it sent the request.
            for (int attempt = 0; attempt < 100 && !a.ReadLog().Contains("generating CREATE_CHILD_SA request", StringComparison.Ordinal); attempt++)
            {
                Thread.Sleep(50);
            }

            LabProcess.Signal(host.Pid, host.ProcessName, "USR2");
            output.WriteLine(rekey.GetAwaiter().GetResult().ToString());
            for (int attempt = 0; attempt < 150 && !a.ReadLog().Contains("IKE_SA rekey collision", StringComparison.Ordinal); attempt++)
            {
                Thread.Sleep(100);
            }

            var sa = WaitForSingleChild(a, null, c => c.InboundSpi == child.InboundSpi, s => s.InitiatorSpi != first.InitiatorSpi);
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            // Let the loser's Delete of its redundant IKE SA (or the winner's fallback) complete before stopping.
            Thread.Sleep(3000);
            string charonLog = a.ReadLog();
            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            output.WriteLine(string.Join('\n', charonLog.Split('\n').Where(l => l.Contains("collision", StringComparison.Ordinal))));
            Assert.True(ping.Succeeded, "ping after the simultaneous IKE SA rekey failed: " + ping);
            Assert.Contains("detected IKE_REKEY collision with IKE_REKEY", charonLog, StringComparison.Ordinal);
            Assert.Matches("IKE_SA rekey collision (won|lost)", charonLog);
            Assert.Equal(1, counters["engine.rekeycollisions"]);
            Assert.Single(a.ListSas());
            // strongSwan's surviving IKE SA is one of the two the rekeys made, and DotSwan did not drop the Child SA.
            Assert.Contains($"new={sa.InitiatorSpi:x16}_i {sa.ResponderSpi:x16}_r", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event DeleteChildSa", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event IkeSaFailed", log, StringComparison.Ordinal);
            Assert.Equal((1, 1), (counters["sad.inbound"], counters["sad.outbound"]));
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"] + counters["ike.sendfailures"]);
        }, hostArguments: ["--ike-receive-delay-ms", "1500"]);
    }

    private static int Count(string log, string marker, string prefix) =>
        log.Split('\n').Count(l => l.Contains(prefix, StringComparison.Ordinal) && l.Contains(marker, StringComparison.Ordinal));

    /// <summary>Polls strongSwan (bounded, 10 s) until it shows one IKE SA (matching) with one INSTALLED Child SA (matching).</summary>
    private SwanctlIkeSa WaitForSingleChild(StrongSwanInstance a, ulong? initiatorSpi, Func<SwanctlChildSa, bool> child, Func<SwanctlIkeSa, bool>? ike = null)
    {
        IReadOnlyList<SwanctlIkeSa> sas = [];
        for (int attempt = 0; attempt < 100; attempt++)
        {
            sas = a.ListSas();
            if (sas.Count == 1 && sas[0].State == "ESTABLISHED" && (initiatorSpi is null || sas[0].InitiatorSpi == initiatorSpi)
                && (ike is null || ike(sas[0])) && sas[0].Children.Count == 1 && sas[0].Children[0].State == "INSTALLED" && child(sas[0].Children[0]))
            {
                return sas[0];
            }

            Thread.Sleep(100);
        }

        output.WriteLine(a.Swanctl("--list-sas").StandardOutput);
        Assert.Fail($"strongSwan did not settle on one IKE SA with one matching Child SA ({sas.Count} IKE SAs)");
        return null!;
    }

    [LabFact]
    public void StrongSwan_deletes_the_IKE_SA_and_DotSwan_answers_and_removes_the_child_sa()
    {
        Run(Psk, (pair, a, host, capture) =>
        {
            capture.Stop();
            var initiate = a.Initiate("net");
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 1);
            Assert.True(ping.Succeeded, ping.ToString());
            // A bounded TCP run from strongSwan's side before the delete: strongSwan encrypts the data, DotSwan decrypts it.
            var iperf = Iperf3.RunTcp(pair.B, pair.B.InnerAddress, pair.A, pair.A.InnerAddress, seconds: IkeTestHostProcess.Iperf3Seconds, bytes: IkeTestHostProcess.Iperf3Bytes);
            output.WriteLine(iperf.ToString());
            Assert.True(iperf.ReceivedBytes > 0, "iperf3 received nothing through the tunnel");

            // The INFORMATIONAL Delete goes to DotSwan on 4500; swanctl waits for the answer.
            var terminate = a.Swanctl(["--terminate", "--ike", "lab", "--timeout", "10"], TimeSpan.FromSeconds(20));
            output.WriteLine(terminate.ToString());
            Assert.True(terminate.Succeeded, "swanctl --terminate failed: " + terminate);
            Assert.Empty(a.ListSas());
            Assert.Contains("IKE_SA deleted", terminate.StandardOutput, StringComparison.Ordinal);

            // Only now the host is stopped: a late answer would have been too late for swanctl's check above.
            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains("event IkeSaDeleted", log, StringComparison.Ordinal);
            Assert.Contains("event DeleteChildSa", log, StringComparison.Ordinal);
            Assert.True(counters["ike.sent4500"] >= 2, "the Delete was not answered on 4500");
            // Every byte iperf3 received came in through DotSwan's inbound SA, inside IP and TCP headers.
            Assert.True(counters["sa.in.bytes"] >= iperf.ReceivedBytes, $"DotSwan decrypted {counters["sa.in.bytes"]} B, iperf3 received {iperf.ReceivedBytes} B");
            // 128 MiB through one direction: the inbound SA reached its soft volume limit (50 MiB in the host) and DotSwan
            // rekeyed the Child SA before the hard one (100 MiB); no packet was refused on the way.
            Assert.Contains("event SaExpired Inbound", log, StringComparison.Ordinal);
            Assert.Contains("event ChildSaRekeyed", log, StringComparison.Ordinal);
            Assert.True(counters["childsa.installed"] >= 2, "no rekeyed Child SA was installed");
            Assert.Equal(0, counters["sa.in.drops"]);
            Assert.Equal((0, 0), (counters["sad.inbound"], counters["sad.outbound"]));
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"] + counters["ike.sendfailures"]);
        });
    }

    [LabFact]
    public void DotSwan_initiator_establishes_with_strongSwan_responder_and_ping_goes_through_esp()
    {
        Run(Psk, (pair, a, host, capture) =>
        {
            capture.Stop();
            // The host initiates as soon as it is ready; wait (bounded) for strongSwan to report the Child SA.
            SwanctlIkeSa? sa = null;
            // strongSwan installs before it sends the IKE_AUTH response, DotSwan only once it has that response: wait for both
            // (a ping sent in between is dropped by DotSwan's empty policy).
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
            Assert.Equal(("ESTABLISHED", "IKEv2"), (sa.State, sa.Version));
            var child = Assert.Single(sa.Children);
            Assert.Equal("INSTALLED", child.State);
            Assert.Contains("event ChildSaEstablished", host.Output, StringComparison.Ordinal);

            // From DotSwan's side this time: B's kernel routes 10.1.0.0/24 into DotSwan's TUN.
            var ping = pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);
            child = Assert.Single(Assert.Single(a.ListSas()).Children);

            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains($"event IkeSaEstablished {sa.InitiatorSpi:x16}_i {sa.ResponderSpi:x16}_r initiator=True", log, StringComparison.Ordinal);
            Assert.Contains($"event InstallChildSa in=0x{child.OutboundSpi:x8} out=0x{child.InboundSpi:x8} AesGcm16/128", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event IkeSaFailed", log, StringComparison.Ordinal);
            Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"] + counters["ike.sendfailures"]);
            Assert.True(counters["sa.out.packets"] >= 3 && counters["sa.in.packets"] >= 3, "no ESP both ways");
            Assert.Equal((long)child.OutboundPackets, counters["sa.in.packets"]);
            Assert.Equal((long)child.InboundPackets, counters["sa.out.packets"]);
        }, dotSwanInitiates: true);
    }

    /// <summary>
    /// Namespaces, strongSwan in A with <paramref name="initiatorPsk"/> (loaded, not initiated), a capture on A's veth, then
    /// DotSwan's host in B (PSK <see cref="Psk"/>; it initiates itself when <paramref name="dotSwanInitiates"/>); asserts the teardown.
    /// </summary>
    private void Run(string initiatorPsk, Action<NetworkNamespacePair, StrongSwanInstance, IkeTestHostProcess, PacketCapture> body, bool dotSwanInitiates = false,
        string esp = "aes128gcm16", string[]? hostArguments = null, Func<SwanctlConfig, SwanctlConfig>? configure = null)
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
            var a = scope.Add(new StrongSwanInstance(pair.A, "a"));
            processes.Add((a.Pid, "charon-systemd"));
            IkeTestHostProcess? host = null;
            try
            {
                var config = SwanctlConfig.Psk(pair.A, pair.B, "a.lab.example", "b.lab.example") with
                {
                    PreSharedKey = initiatorPsk,
                    Proposals = "aes256gcm16-prfsha256-x25519",
                    EspProposals = esp,
                };
                a.Load(configure?.Invoke(config) ?? config);
                var capture = scope.Add(new PacketCapture(pair.A, pair.A.InterfaceName));
                string[] arguments =
                [
                    "--tun", "dswike0", "--local", pair.B.OuterAddress.ToString(), "--peer", pair.A.OuterAddress.ToString(),
                    "--local-id", "b.lab.example", "--remote-id", "a.lab.example", "--psk", Psk,
                    "--ike", "aes256gcm16-prfsha256-x25519", "--esp", esp,
                    "--local-ts", pair.B.TrafficSelector, "--remote-ts", pair.A.TrafficSelector, "--max-seconds", "120",
                ];
                arguments = [.. arguments, .. hostArguments ?? []];
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
