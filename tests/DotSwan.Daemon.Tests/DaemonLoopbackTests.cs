using DotSwan.Daemon.Control;
using DotSwan.Ike.KeyLog;

namespace DotSwan.Daemon.Tests;

/// <summary>Two real daemons (UDP sockets, engine loop, memory data plane, control sockets) on loopback.</summary>
public sealed class DaemonLoopbackTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Up_establishes_status_shows_both_sides_and_down_sends_delete()
    {
        await using var pair = new LoopbackPair();
        pair.StartB();
        pair.StartA();

        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.True(up.Ok, up.Message);
        string id = Assert.Single(up.ResultAs<ActionResult>()!.IkeSas);

        var a = (await ControlClient.SendAsync(pair.SocketA, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!;
        var b = (await ControlClient.SendAsync(pair.SocketB, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!;
        var ikeA = Assert.Single(a.IkeSas);
        var ikeB = Assert.Single(b.IkeSas);
        Assert.Equal((id, "established", true, "lab"), (ikeA.Id, ikeA.State, ikeA.Initiator, ikeA.Connection));
        Assert.Equal((id, "established", false), (ikeB.Id, ikeB.State, ikeB.Initiator));
        Assert.Equal($"127.0.0.2:{pair.IkePort}", ikeA.Remote);
        Assert.Equal("b.lab.example", ikeA.RemoteId);
        Assert.Equal("IKE:AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519", ikeA.Algorithms);
        Assert.InRange(ikeA.RekeyInSeconds!.Value, 14000, 14400);
        var childA = Assert.Single(ikeA.Children);
        var childB = Assert.Single(ikeB.Children);
        Assert.Equal((childA.InboundSpi, childA.OutboundSpi), (childB.OutboundSpi, childB.InboundSpi));
        Assert.Equal(("lab/net", "AesGcm16/128", "tunnel"), (childA.Name, childA.Algorithms, childA.Mode));
        Assert.Equal(["10.1.0.0/24"], childA.LocalTs);
        Assert.Equal(["10.2.0.0/24"], childA.RemoteTs);
        Assert.InRange(childA.RekeyInSeconds!.Value, 3500, 3600);

        // up again: nothing new.
        var again = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab"), Timeout);
        Assert.Equal("already established", again.ResultAs<ActionResult>()!.Detail);

        var stats = (await ControlClient.SendAsync(pair.SocketB, new ControlRequest("stats"), Timeout)).ResultAs<StatsReport>()!;
        Assert.Equal(1, stats.Counters["sa.ike.established"]);
        Assert.Equal(1, stats.Counters["sa.child"]);
        Assert.Equal(2, stats.Counters["dataplane.sas"]);
        Assert.True(stats.Counters["ike.received.ike"] >= 2);
        Assert.Equal(0, stats.Counters["engine.decryption_failures"]);

        var down = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("down", "lab"), Timeout);
        Assert.True(down.Ok, down.Message);
        Assert.Equal([id], down.ResultAs<ActionResult>()!.IkeSas);
        await WaitFor(async () => (await ControlClient.SendAsync(pair.SocketB, new ControlRequest("stats"), Timeout)).ResultAs<StatsReport>()!.Counters["sa.child"] == 0);
        var statsB = (await ControlClient.SendAsync(pair.SocketB, new ControlRequest("stats"), Timeout)).ResultAs<StatsReport>()!;
        Assert.Equal(0, statsB.Counters["dataplane.sas"]);
        Assert.Contains("deleted by peer", pair.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rekey_replaces_the_Child_SA_on_both_sides_and_down_of_a_Child_SA_keeps_the_IKE_SA()
    {
        await using var pair = new LoopbackPair();
        pair.StartB();
        pair.StartA();
        Assert.True((await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab"), Timeout)).Ok);
        var before = Assert.Single(Assert.Single((await Status(pair.SocketA)).IkeSas).Children);

        var rekey = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("rekey", "lab"), Timeout);
        Assert.True(rekey.Ok, rekey.Message);
        await WaitFor(async () => (await Status(pair.SocketA)).IkeSas.Single().Children is [{ } c] && c.InboundSpi != before.InboundSpi);
        var after = Assert.Single(Assert.Single((await Status(pair.SocketA)).IkeSas).Children);
        await WaitFor(async () => (await Status(pair.SocketB)).IkeSas.Single().Children is [{ } c] && c.OutboundSpi == after.InboundSpi);
        Assert.Contains(pair.Log.Lines, l => l.Contains($"Child SA rekeyed (by us), in 0x{before.InboundSpi} replaced by 0x{after.InboundSpi}", StringComparison.Ordinal));

        var down = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("down", after.InboundSpi), Timeout);
        Assert.True(down.Ok, down.Message);
        await WaitFor(async () => (await Status(pair.SocketB)).IkeSas.Single().Children.Count == 0);
        var ike = Assert.Single((await Status(pair.SocketA)).IkeSas);
        Assert.Equal("established", ike.State);
        Assert.Empty(ike.Children);
    }

    [Fact]
    public async Task The_prometheus_endpoint_serves_the_stats_counters()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        await using var pair = new LoopbackPair(daemonExtraA: $"  metrics_listen: 127.0.0.1:{port}");
        pair.StartB();
        pair.StartA();
        Assert.True((await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab"), Timeout)).Ok);
        using var http = new HttpClient { Timeout = Timeout };
        var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        string text = await response.Content.ReadAsStringAsync();
        Assert.Contains("dotswan_sa_ike_established 1\n", text, StringComparison.Ordinal);
        Assert.Contains("dotswan_sa_child 1\n", text, StringComparison.Ordinal);
        Assert.Contains("dotswan_engine_decryption_failures 0\n", text, StringComparison.Ordinal);
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches("^dotswan_[a-z0-9_]+ [0-9]+$", line));
    }

    [Fact]
    public async Task Reload_keeps_unchanged_connections_and_replaces_changed_ones()
    {
        await using var pair = new LoopbackPair();
        pair.StartB();
        pair.StartA();
        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab"), Timeout);
        string id = Assert.Single(up.ResultAs<ActionResult>()!.IkeSas);

        // A new connection (no change to lab): lab's IKE SA stays.
        string original = File.ReadAllText(pair.ConfigA);
        string added = original.Replace("secrets:", """
              extra:
                local_addrs: 127.0.0.1
                remote_addrs: 127.0.0.3
                local: { id: a.lab.example }
                remote: { id: c.lab.example }
                children:
                  net:
                    local_ts: 10.1.0.0/24
                    remote_ts: 10.3.0.0/24
            secrets:
            """, StringComparison.Ordinal);
        Assert.NotEqual(original, added);
        File.WriteAllText(pair.ConfigA, added);
        var reload = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("reload"), Timeout);
        Assert.True(reload.Ok, reload.Message);
        Assert.Equal("added extra", reload.ResultAs<ActionResult>()!.Detail);
        Assert.Equal(id, Assert.Single((await Status(pair.SocketA)).IkeSas).Id);
        Assert.Equal(2, (await ControlClient.SendAsync(pair.SocketA, new ControlRequest("list-conns"), Timeout)).ResultAs<List<ConnectionSummary>>()!.Count);

        // An invalid file changes nothing.
        File.WriteAllText(pair.ConfigA, added.Replace("aes128gcm16", "aes128gcm17", StringComparison.Ordinal));
        var refused = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("reload"), Timeout);
        Assert.Equal(ControlErrorCodes.Failed, refused.Error);
        Assert.Contains("nothing changed", refused.Message, StringComparison.Ordinal);
        Assert.Equal("established", Assert.Single((await Status(pair.SocketA)).IkeSas).State);

        // lab's proposals change: its IKE SA is deleted (the peer hears of it) and the new lab can be brought up.
        File.WriteAllText(pair.ConfigA, added.Replace("proposals: aes256gcm16-prfsha256-x25519", "proposals: aes256gcm16-prfsha256-x25519, aes128gcm16-prfsha256-ecp256", StringComparison.Ordinal));
        var changed = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("reload"), Timeout);
        Assert.True(changed.Ok, changed.Message);
        Assert.Equal("changed lab", changed.ResultAs<ActionResult>()!.Detail);
        Assert.Equal([id], changed.ResultAs<ActionResult>()!.IkeSas);
        await WaitFor(async () => (await Status(pair.SocketB)).IkeSas.All(s => s.State != "established"));
        var again = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab"), Timeout);
        Assert.True(again.Ok, again.Message);
        Assert.NotEqual(id, Assert.Single(again.ResultAs<ActionResult>()!.IkeSas));
    }

    [Fact]
    public async Task Stopping_a_daemon_deletes_its_SAs_at_the_peer()
    {
        await using var pair = new LoopbackPair();
        pair.StartB();
        var a = pair.StartA();
        Assert.True((await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab"), Timeout)).Ok);
        await pair.StopAsync(a);
        Assert.Contains("shutting down: deleting 1 IKE SA(s)", pair.Log.Text, StringComparison.Ordinal);
        var statsB = (await ControlClient.SendAsync(pair.SocketB, new ControlRequest("stats"), Timeout)).ResultAs<StatsReport>()!;
        Assert.Equal((0, 0), (statsB.Counters["sa.child"], statsB.Counters["dataplane.sas"]));
        Assert.False(File.Exists(pair.SocketA), "the control socket is removed");
    }

    [Fact]
    public async Task A_wrong_psk_fails_up_with_the_reason()
    {
        await using var pair = new LoopbackPair(pskA: "not-the-right-secret-at-all-0123456789");
        pair.StartB();
        pair.StartA();
        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.False(up.Ok);
        Assert.Equal(ControlErrorCodes.Failed, up.Error);
        Assert.Contains("AuthenticationFailed", up.Message, StringComparison.Ordinal);
        Assert.Contains(pair.Log.Lines, l => l.StartsWith("DotSwan.Ike Warning: lab: IKE SA", StringComparison.Ordinal) && l.Contains("failed (AuthenticationFailed)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_action_start_brings_the_tunnel_up_without_a_command()
    {
        await using var pair = new LoopbackPair(childExtraA: "        start_action: start\n");
        pair.StartB();
        pair.StartA();
        await WaitFor(async () => (await ControlClient.SendAsync(pair.SocketB, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!
            .IkeSas.Any(s => s.State == "established" && s.Children.Count == 1));
    }

    [Fact]
    public async Task Unknown_targets_and_disabled_key_logs_are_refused_with_codes()
    {
        await using var pair = new LoopbackPair();
        pair.StartA();
        Assert.Equal(ControlErrorCodes.NotFound, (await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "nope"), Timeout)).Error);
        Assert.Equal(ControlErrorCodes.NotFound, (await ControlClient.SendAsync(pair.SocketA, new ControlRequest("down", "0123456789abcdef"), Timeout)).Error);
        var keys = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("keys-export", Directory: pair.Directory), Timeout);
        Assert.Equal(ControlErrorCodes.NotSupported, keys.Error);
        Assert.Contains("daemon.key_log: yes", keys.Message, StringComparison.Ordinal);
        var list = (await ControlClient.SendAsync(pair.SocketA, new ControlRequest("list-conns"), Timeout)).ResultAs<List<ConnectionSummary>>()!;
        var lab = Assert.Single(list);
        Assert.Equal(("lab", "ikev2", false, "psk/psk"), (lab.Name, lab.Kind, lab.Up, lab.Auth));
    }

    [Fact]
    public async Task Manual_tunnels_are_installed_at_start_and_go_down_and_up_on_command_and_key_log_exports_them()
    {
        const string manual = """
            manual:
              static:
                local_addr: 127.0.0.1
                remote_addr: 127.0.0.2
                local_ts: 10.20.0.0/24
                remote_ts: 10.10.0.0/24
                esp: aes128gcm16
                inbound: { spi: 0x1000, enc_key: "0x000102030405060708090a0b0c0d0e0f10111213" }
                outbound: { spi: 0x2000, enc_key: "0x101112131415161718191a1b1c1d1e1f20212223" }
            """;
        await using var pair = new LoopbackPair(daemonExtraA: "  key_log: yes", extraA: manual);
        pair.StartA();
        var status = (await ControlClient.SendAsync(pair.SocketA, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!;
        var tunnel = Assert.Single(status.Manual);
        Assert.Equal(("static", "00001000", "00002000"), (tunnel.Name, tunnel.InboundSpi, tunnel.OutboundSpi));

        string keys = Path.Combine(pair.Directory, "keys");
        var export = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("keys-export", Directory: keys), Timeout);
        Assert.True(export.Ok, export.Message);
        string[] lines = File.ReadAllLines(Path.Combine(keys, "esp_sa"));
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"0x00001000\",\"AES-GCM with 16 octet ICV [RFC4106]\",\"0x000102030405060708090a0b0c0d0e0f10111213\"", lines[0], StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(keys, "esp_sa")));
        Assert.DoesNotContain("000102030405060708090a0b0c0d0e0f10111213", string.Join('\n', Log(pair)), StringComparison.Ordinal);

        Assert.True((await ControlClient.SendAsync(pair.SocketA, new ControlRequest("down", "static"), Timeout)).Ok);
        Assert.Empty((await ControlClient.SendAsync(pair.SocketA, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!.Manual);
        Assert.True((await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "static"), Timeout)).Ok);
        Assert.Single((await ControlClient.SendAsync(pair.SocketA, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!.Manual);
    }

    [Fact]
    public async Task Key_log_exports_the_ike_sa_keys_also_after_an_ike_rekey_and_the_esp_keys()
    {
        await using var pair = new LoopbackPair(daemonExtraA: "  key_log: yes");
        pair.StartB();
        pair.StartA();
        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.True(up.Ok, up.Message);
        string first = Assert.Single(up.ResultAs<ActionResult>()!.IkeSas);
        var rekey = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("rekey", first), Timeout);
        Assert.True(rekey.Ok, rekey.Message);
        await WaitFor(async () => (await Status(pair.SocketA)).IkeSas is [{ } s] && s.Id != first && s.State == "established" && s.Children.Count == 1);
        string second = Assert.Single((await Status(pair.SocketA)).IkeSas).Id;

        string keys = Path.Combine(pair.Directory, "keys");
        var export = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("keys-export", Directory: keys), Timeout);
        Assert.True(export.Ok, export.Message);
        var result = export.ResultAs<KeysExportResult>()!;
        Assert.Equal((2, 2, null), (result.EspSas, result.IkeSas, result.Note));
        string table = Path.Combine(keys, "ikev2_decryption_table");
        Assert.Equal([Path.Combine(keys, "esp_sa"), table, Path.Combine(keys, "ikev1_decryption_table")], result.Files);
        Assert.Empty(File.ReadAllLines(Path.Combine(keys, "ikev1_decryption_table")));
        string[] lines = File.ReadAllLines(table);
        Assert.Equal([first, second], lines.Select(l => l[..16] + "_" + l[17..33]));
        Assert.All(lines, l => Assert.True(Ikev2DecryptionTableEntry.TryParse(l, out _, out string? error), error));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(keys, "esp_sa")).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(table));
        string skEi = lines[0].Split(',')[2];
        Assert.DoesNotContain(pair.Log.Lines, l => l.Contains(skEi, StringComparison.Ordinal));

        // The peer did not enable key logging: it keeps nothing.
        Assert.Equal(ControlErrorCodes.NotSupported,
            (await ControlClient.SendAsync(pair.SocketB, new ControlRequest("keys-export", Directory: keys), Timeout)).Error);
    }

    private static IReadOnlyList<string> Log(LoopbackPair pair) => pair.Log.Lines;

    private static async Task<StatusReport> Status(string socket) =>
        (await ControlClient.SendAsync(socket, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!;

    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("condition not met within 10 s");
    }
}
