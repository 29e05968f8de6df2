using DotSwan.Daemon.Control;

namespace DotSwan.Daemon.Tests;

/// <summary>Two real daemons on loopback running a <c>version: 1</c> connection: Main Mode with PSK, Quick Mode, rekey, delete, reload, key log.</summary>
public sealed class DaemonIkev1LoopbackTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static LoopbackPair Ikev1Pair(string connectionExtra = "", string daemonExtraA = "") =>
        new(connectionExtra: "    version: 1\n" + connectionExtra, proposals: "aes256-sha256-modp2048", espProposals: "aes128-sha256", daemonExtraA: daemonExtraA);

    [Fact]
    public async Task Main_mode_and_quick_mode_come_up_status_shows_the_isakmp_and_ipsec_sas_and_down_deletes_them()
    {
        await using var pair = Ikev1Pair();
        pair.StartB();
        pair.StartA();

        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.True(up.Ok, up.Message);
        string id = Assert.Single(up.ResultAs<ActionResult>()!.IkeSas);

        var ikeA = Assert.Single((await Status(pair.SocketA)).IkeSas);
        var ikeB = Assert.Single((await Status(pair.SocketB)).IkeSas);
        Assert.Equal((id, 1, "established", true, "lab"), (ikeA.Id, ikeA.Version, ikeA.State, ikeA.Initiator, ikeA.Connection));
        Assert.Equal((id, 1, "established", false, "lab"), (ikeB.Id, ikeB.Version, ikeB.State, ikeB.Initiator, ikeB.Connection));
        Assert.Equal($"127.0.0.2:{pair.IkePort}", ikeA.Remote);
        Assert.Equal("b.lab.example", ikeA.RemoteId);
        Assert.Contains("AES_CBC_256", ikeA.Algorithms, StringComparison.Ordinal);
        // Phase 1 lives 8 h by default; the initiator renegotiates at 90%.
        Assert.InRange(ikeA.RekeyInSeconds!.Value, 25000, 25920);
        var childA = Assert.Single(ikeA.Children);
        var childB = Assert.Single(ikeB.Children);
        Assert.Equal((childA.InboundSpi, childA.OutboundSpi), (childB.OutboundSpi, childB.InboundSpi));
        Assert.Equal(("lab/net", "tunnel"), (childA.Name, childA.Mode));
        Assert.Equal(["10.1.0.0/24"], childA.LocalTs);
        Assert.Equal(["10.2.0.0/24"], childA.RemoteTs);
        Assert.InRange(childA.RekeyInSeconds!.Value, 3000, 3240);

        var again = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab"), Timeout);
        Assert.Equal("already established", again.ResultAs<ActionResult>()!.Detail);

        var conns = (await ControlClient.SendAsync(pair.SocketA, new ControlRequest("list-conns"), Timeout)).ResultAs<List<ConnectionSummary>>()!;
        Assert.Equal(("ikev1", true), (Assert.Single(conns).Kind, conns[0].Up));

        var stats = (await ControlClient.SendAsync(pair.SocketB, new ControlRequest("stats"), Timeout)).ResultAs<StatsReport>()!;
        Assert.Equal(1, stats.Counters["sa.ikev1.established"]);
        Assert.Equal(1, stats.Counters["sa.ikev1.ipsec"]);
        Assert.Equal(0, stats.Counters["sa.ike.established"]);
        Assert.Equal(2, stats.Counters["dataplane.sas"]);
        Assert.True(stats.Counters["ikev1.received.ike"] >= 3);
        Assert.Equal(0, stats.Counters["engine.ikev1.decryption_failures"]);

        var down = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("down", "lab"), Timeout);
        Assert.True(down.Ok, down.Message);
        Assert.Equal([id], down.ResultAs<ActionResult>()!.IkeSas);
        await WaitFor(async () => (await Stats(pair.SocketB)).Counters["dataplane.sas"] == 0 && (await Status(pair.SocketB)).IkeSas.Count == 0);
        Assert.Equal(0, (await Stats(pair.SocketA)).Counters["dataplane.sas"]);
    }

    [Fact]
    public async Task An_ikev2_and_an_ikev1_connection_share_the_sockets_and_the_status_table()
    {
        await using var pair = new LoopbackPair();
        foreach (var (path, local, remote, self, peer) in new[] { (pair.ConfigA, "127.0.0.1", "127.0.0.2", "a", "b"), (pair.ConfigB, "127.0.0.2", "127.0.0.1", "b", "a") })
        {
            string legacy = $"""
                  legacy:
                    version: 1
                    local_addrs: {local}
                    remote_addrs: {remote}
                    remote_port: {pair.IkePort}
                    proposals: aes128-sha256-modp2048
                    local: {"{"} id: {self}.lab.example {"}"}
                    remote: {"{"} id: {peer}.lab.example {"}"}
                    children:
                      old:
                        local_ts: 10.{(self == "a" ? 11 : 12)}.0.0/24
                        remote_ts: 10.{(self == "a" ? 12 : 11)}.0.0/24
                        esp_proposals: aes128-sha256

                """;
            File.WriteAllText(path, File.ReadAllText(path).Replace("secrets:\n", legacy + "secrets:\n", StringComparison.Ordinal));
        }

        pair.StartB();
        pair.StartA();
        var v2 = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.True(v2.Ok, v2.Message);
        var v1 = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "legacy", TimeoutSeconds: 15), Timeout);
        Assert.True(v1.Ok, v1.Message);

        var status = await Status(pair.SocketB);
        Assert.Equal([("lab", 2, "established", 1), ("legacy", 1, "established", 1)],
            status.IkeSas.Select(s => (s.Connection, s.Version, s.State, s.Children.Count)).OrderBy(s => s.Connection));
        var stats = await Stats(pair.SocketB);
        Assert.True(stats.Counters["ike.received.ike"] >= 2);
        Assert.True(stats.Counters["ikev1.received.ike"] >= 3);
        Assert.Equal((1, 1, 2), (stats.Counters["sa.ike.established"], stats.Counters["sa.ikev1.established"], stats.Counters["sa.child"]));

        // Taking the IKEv1 connection down leaves the IKEv2 one alone.
        Assert.True((await ControlClient.SendAsync(pair.SocketA, new ControlRequest("down", "legacy"), Timeout)).Ok);
        await WaitFor(async () => (await Status(pair.SocketB)).IkeSas is [{ Connection: "lab", Version: 2 }]);
    }

    [Fact]
    public async Task Rekey_runs_a_new_quick_mode_down_of_an_ipsec_sa_keeps_the_isakmp_sa_and_reauthentication_moves_the_ipsec_sas()
    {
        await using var pair = Ikev1Pair();
        pair.StartB();
        pair.StartA();
        Assert.True((await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab"), Timeout)).Ok);
        var ike = Assert.Single((await Status(pair.SocketA)).IkeSas);
        var before = Assert.Single(ike.Children);

        var rekey = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("rekey", "lab"), Timeout);
        Assert.True(rekey.Ok, rekey.Message);
        await WaitFor(async () => (await Status(pair.SocketA)).IkeSas.Single().Children is [{ } c] && c.InboundSpi != before.InboundSpi);
        var after = Assert.Single(Assert.Single((await Status(pair.SocketA)).IkeSas).Children);
        await WaitFor(async () => (await Status(pair.SocketB)).IkeSas.Single().Children is [{ } c] && c.OutboundSpi == after.InboundSpi);

        // An ISAKMP SA id: a new phase 1 takes over the IPsec SA and the old ISAKMP SA is deleted on both sides.
        var reauth = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("rekey", ike.Id), Timeout);
        Assert.True(reauth.Ok, reauth.Message);
        await WaitFor(async () => (await Status(pair.SocketA)).IkeSas is [{ State: "established" } s] && s.Id != ike.Id && s.Children.Count == 1);
        await WaitFor(async () => (await Status(pair.SocketB)).IkeSas is [{ State: "established" } s] && s.Id != ike.Id && s.Children.Count == 1);
        Assert.Equal(after.InboundSpi, Assert.Single(Assert.Single((await Status(pair.SocketA)).IkeSas).Children).InboundSpi);
        // The IPsec SA now hangs off the new ISAKMP SA: up has nothing to do.
        Assert.Equal("already established", (await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab"), Timeout)).ResultAs<ActionResult>()!.Detail);

        var down = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("down", after.InboundSpi), Timeout);
        Assert.True(down.Ok, down.Message);
        await WaitFor(async () => (await Status(pair.SocketB)).IkeSas.Single().Children.Count == 0);
        var remaining = Assert.Single((await Status(pair.SocketA)).IkeSas);
        Assert.Equal("established", remaining.State);
        Assert.Empty(remaining.Children);
    }

    [Fact]
    public async Task Reload_keeps_an_unchanged_ikev1_connection_and_replaces_a_changed_one()
    {
        await using var pair = Ikev1Pair();
        pair.StartB();
        pair.StartA();
        Assert.True((await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab"), Timeout)).Ok);
        string id = Assert.Single((await Status(pair.SocketA)).IkeSas).Id;

        var unchanged = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("reload"), Timeout);
        Assert.True(unchanged.Ok, unchanged.Message);
        Assert.Equal("no changes", unchanged.ResultAs<ActionResult>()!.Detail);
        Assert.Equal(id, Assert.Single((await Status(pair.SocketA)).IkeSas).Id);

        File.WriteAllText(pair.ConfigA, File.ReadAllText(pair.ConfigA).Replace("    version: 1\n", "    version: 1\n    session_key_update_limit: 5\n", StringComparison.Ordinal));
        var changed = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("reload"), Timeout);
        Assert.True(changed.Ok, changed.Message);
        Assert.Equal("changed lab", changed.ResultAs<ActionResult>()!.Detail);
        Assert.Equal([id], changed.ResultAs<ActionResult>()!.IkeSas);
        await WaitFor(async () => (await Status(pair.SocketB)).IkeSas.Count == 0);
        Assert.True((await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab"), Timeout)).Ok);
    }

    [Fact]
    public async Task Stopping_a_daemon_deletes_its_isakmp_and_ipsec_sas_at_the_peer()
    {
        await using var pair = Ikev1Pair();
        pair.StartB();
        var a = pair.StartA();
        Assert.True((await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab"), Timeout)).Ok);
        Assert.Equal(2, (await Stats(pair.SocketB)).Counters["dataplane.sas"]);

        await pair.StopAsync(a);
        await WaitFor(async () => (await Stats(pair.SocketB)).Counters["dataplane.sas"] == 0 && (await Status(pair.SocketB)).IkeSas.Count == 0);
    }

    [Fact]
    public async Task A_wrong_psk_fails_up_with_the_reason()
    {
        await using var pair = new LoopbackPair(pskB: "another-long-enough-lab-secret-987654",
            connectionExtra: "    version: 1\n", proposals: "aes256-sha256-modp2048", espProposals: "aes128-sha256");
        pair.StartB();
        pair.StartA();
        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.False(up.Ok);
        Assert.Equal(ControlErrorCodes.Failed, up.Error);
    }

    [Fact]
    public async Task Forced_nat_traversal_floats_to_the_natt_port_behind_the_non_esp_marker_and_installs_esp_in_udp()
    {
        await using var pair = Ikev1Pair("    encap: yes\n");
        pair.StartB();
        pair.StartA();
        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.True(up.Ok, up.Message);
        var ike = Assert.Single((await Status(pair.SocketA)).IkeSas);
        Assert.Single(ike.Children);
        var stats = await Stats(pair.SocketB);
        // Main Mode 5 and the Quick Mode came on the NAT-T socket, demultiplexed by their non-ESP marker.
        Assert.True(stats.Counters["ikev1.received.natt"] >= 2, string.Join(", ", stats.Counters));
        Assert.True(stats.Counters[$"natt.127.0.0.2:{pair.NattPort}.ike"] >= 2);
        Assert.Contains(pair.Log.Lines, l => l.Contains($"ESP in UDP to 127.0.0.2:{pair.NattPort}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Aggressive_mode_with_session_key_pfs_comes_up()
    {
        await using var pair = Ikev1Pair("    aggressive: yes\n    pfs_mode: session\n");
        pair.StartB();
        pair.StartA();
        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.True(up.Ok, up.Message);
        Assert.Contains(pair.Log.Lines, l => l.Contains("IKEv1 Aggressive Mode", StringComparison.Ordinal));
        Assert.Single(Assert.Single((await Status(pair.SocketB)).IkeSas).Children);
    }

    [Fact]
    public async Task Key_log_exports_the_isakmp_sa_encryption_key_and_the_esp_keys()
    {
        await using var pair = Ikev1Pair(daemonExtraA: "  key_log: yes");
        pair.StartB();
        pair.StartA();
        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.True(up.Ok, up.Message);
        string id = Assert.Single(up.ResultAs<ActionResult>()!.IkeSas);

        string keys = Path.Combine(pair.Directory, "keys");
        var export = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("keys-export", Directory: keys), Timeout);
        Assert.True(export.Ok, export.Message);
        var result = export.ResultAs<KeysExportResult>()!;
        Assert.Equal((2, 0, 1), (result.EspSas, result.IkeSas, result.IsakmpSas));
        string table = Path.Combine(keys, "ikev1_decryption_table");
        string line = Assert.Single(File.ReadAllLines(table));
        // CKY-I,key: AES-256-CBC, so 32 key bytes.
        Assert.Matches($"^{id[..16]},[0-9a-f]{{64}}$", line);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(table));
        string key = line.Split(',')[1];
        Assert.DoesNotContain(pair.Log.Lines, l => l.Contains(key, StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<StatusReport> Status(string socket) =>
        (await ControlClient.SendAsync(socket, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!;

    private static async Task<StatsReport> Stats(string socket) =>
        (await ControlClient.SendAsync(socket, new ControlRequest("stats"), Timeout)).ResultAs<StatsReport>()!;

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
