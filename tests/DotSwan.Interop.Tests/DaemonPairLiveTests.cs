using System.Text.Json;

namespace DotSwan.Interop.Tests;

/// <summary>
/// Two dotswan daemons, each started from its YAML file in its own namespace with its own TUN data plane: `dotswan up`
/// brings the tunnel up, pings flow both ways as ESP in UDP 4500, `dotswan status --json` on both sides agrees,
/// `dotswan reload` keeps the SA when the connection did not change, and `dotswan down` takes it down on both sides.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DaemonPairLiveTests(ITestOutputHelper output)
{
    private const string Psk = "dotswan-daemon-pair-psk-0123456789";

    [LabFact]
    public void Two_daemons_up_status_reload_and_down()
    {
        using var scope = new LabScope();
        var pair = scope.Add(new NetworkNamespacePair());
        var work = scope.Add(new LabTempDirectory("daemons"));
        DaemonProcess? a = null;
        DaemonProcess? b = null;
        try
        {
            b = scope.Add(DaemonProcess.Start(pair.B, work.FullPath, Yaml(pair.B, pair.A, "b", "a", work.PathOf("b.sock"), "dswb0"), work.PathOf("b.sock"), "b"));
            a = scope.Add(DaemonProcess.Start(pair.A, work.FullPath, Yaml(pair.A, pair.B, "a", "b", work.PathOf("a.sock"), "dswa0"), work.PathOf("a.sock"), "a"));

            var up = a.Cli("up", "lab", "--timeout", "20");
            output.WriteLine(up.ToString());
            Assert.True(up.Succeeded, up.ToString());

            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            Assert.True(ping.Succeeded, "ping A -> B failed: " + ping);
            ping = pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 3);
            Assert.True(ping.Succeeded, "ping B -> A failed: " + ping);

            var ikeA = Single(a.StatusJson());
            var ikeB = Single(b.StatusJson());
            Assert.Equal(ikeA.GetProperty("id").GetString(), ikeB.GetProperty("id").GetString());
            Assert.True(ikeA.GetProperty("initiator").GetBoolean());
            Assert.False(ikeB.GetProperty("initiator").GetBoolean());
            var childA = ikeA.GetProperty("children")[0];
            var childB = ikeB.GetProperty("children")[0];
            Assert.Equal(childA.GetProperty("inbound_spi").GetString(), childB.GetProperty("outbound_spi").GetString());
            Assert.Equal(childA.GetProperty("packets_out").GetInt64(), childB.GetProperty("packets_in").GetInt64());
            Assert.True(childA.GetProperty("packets_in").GetInt64() >= 6, "A decrypted fewer than 6 packets");

            // Reload of a file whose connection did not change (a comment added): the IKE SA and the tunnel stay.
            File.AppendAllText(a.ConfigPath, "\n# reloaded\n");
            var reload = a.Cli("reload");
            output.WriteLine(reload.ToString());
            Assert.True(reload.Succeeded, reload.ToString());
            Assert.Contains("no changes", reload.StandardOutput, StringComparison.Ordinal);
            Assert.Equal(ikeA.GetProperty("id").GetString(), Single(a.StatusJson()).GetProperty("id").GetString());
            Assert.True(pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 1).Succeeded, "ping after reload");

            var down = a.Cli("down", "lab");
            Assert.True(down.Succeeded, down.ToString());
            for (int attempt = 0; attempt < 50 && b.StatusJson().GetProperty("ike_sas").EnumerateArray().Any(i => i.GetProperty("state").GetString() == "established"); attempt++)
            {
                Thread.Sleep(100);
            }

            Assert.DoesNotContain(b.StatusJson().GetProperty("ike_sas").EnumerateArray(), i => i.GetProperty("state").GetString() == "established");
            Assert.False(pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 1).Succeeded, "ping after down went through");
        }
        catch
        {
            output.WriteLine("daemon A:\n" + a?.Output);
            output.WriteLine("daemon B:\n" + b?.Output);
            throw;
        }
    }

    private static JsonElement Single(JsonElement status) =>
        Assert.Single(status.GetProperty("ike_sas").EnumerateArray(), i => i.GetProperty("state").GetString() == "established");

    private static string Yaml(NetworkNamespace self, NetworkNamespace peer, string me, string them, string socket, string tun) => $"""
        daemon:
          data_plane: tun
          tun_name: {tun}
          control_socket: {socket}
        connections:
          lab:
            local_addrs: {self.OuterAddress}
            remote_addrs: {peer.OuterAddress}
            proposals: aes256gcm16-prfsha256-x25519
            local: {"{"} id: {me}.lab.example {"}"}
            remote: {"{"} id: {them}.lab.example {"}"}
            children:
              net:
                local_ts: {self.TrafficSelector}
                remote_ts: {peer.TrafficSelector}
                esp_proposals: aes128gcm16
        secrets:
          ike:
            - ids: [a.lab.example, b.lab.example]
              secret: "{Psk}"
        """;
}
