using System.Net;

namespace DotSwan.Interop.Tests;

/// <summary>
/// A connection with two children (net: 10.1.0.0/24 === 10.2.0.0/24, voice: 10.1.1.0/24 === 10.2.1.0/24) between the
/// dotswan daemon (namespace B, TUN data plane) and strongSwan 5.9.8 (namespace A): `dotswan up lab` brings both up over
/// one IKE SA (voice with CREATE_CHILD_SA), pings pass through each, `dotswan down lab/voice` deletes only voice, and
/// strongSwan's own CREATE_CHILD_SA for voice is answered with the voice child; with traps, each child's own traffic
/// brings up that child only.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DaemonChildrenLiveInteropTests(ITestOutputHelper output)
{
    private const string Psk = "dotswan-daemon-children-psk-0123456789";
    private static readonly IPAddress VoiceA = IPAddress.Parse("10.1.1.1");
    private static readonly IPAddress VoiceB = IPAddress.Parse("10.2.1.1");

    [LabFact]
    public void Two_children_over_one_IKE_SA_each_carry_pings_and_come_and_go_alone()
    {
        Run((pair, a, daemon) =>
        {
            var up = daemon.Cli("up", "lab", "--timeout", "20");
            output.WriteLine(up.ToString());
            Assert.True(up.Succeeded, "dotswan up failed: " + up);
            Assert.Contains("Child SA voice in 0x", up.StandardOutput, StringComparison.Ordinal);
            var sa = Assert.Single(a.ListSas());
            Assert.Equal(2, sa.Children.Count);
            AssertPings(pair.B, pair.B.InnerAddress, pair.A.InnerAddress, "net B -> A");
            AssertPings(pair.B, VoiceB, VoiceA, "voice B -> A");
            AssertPings(pair.A, VoiceA, VoiceB, "voice A -> B");
            var children = Children(daemon);
            Assert.Equal(["lab/net", "lab/voice"], children.Keys.Order());
            Assert.All(children.Values, c => Assert.True(c >= 3, "a child decrypted fewer than 3 packets"));

            var down = daemon.Cli("down", "lab/voice");
            output.WriteLine(down.ToString());
            Assert.True(down.Succeeded, down.ToString());
            WaitUntil(() => a.ListSas() is [{ Children.Count: 1 }], "strongSwan still holds two Child SAs after down lab/voice");
            Assert.Equal(["lab/net"], Children(daemon).Keys);
            AssertPings(pair.B, pair.B.InnerAddress, pair.A.InnerAddress, "net after voice went down");

            // strongSwan brings voice back over the same IKE SA: the daemon answers with its voice child.
            var initiate = a.Initiate("voice");
            output.WriteLine(initiate.ToString());
            Assert.True(initiate.Succeeded, "swanctl --initiate --child voice failed: " + initiate);
            Assert.Equal(sa.InitiatorSpi, Assert.Single(a.ListSas()).InitiatorSpi);
            AssertPings(pair.A, VoiceA, VoiceB, "voice A -> B after strongSwan created it");
            Assert.Equal(["lab/net", "lab/voice"], Children(daemon).Keys.Order());
        });
    }

    [LabFact]
    public void Each_child_has_its_own_trap_traffic_of_one_brings_up_that_child_only()
    {
        Run((pair, a, daemon) =>
        {
            // voice's traffic first: the IKE SA comes up with voice in IKE_AUTH, net stays down.
            var first = pair.B.Ping(VoiceA, source: VoiceB, count: 5);
            output.WriteLine(first.ToString());
            WaitUntil(() => a.ListSas() is [{ Children.Count: 1 }], "no Child SA after voice's traffic");
            Assert.Equal(["lab/voice"], Children(daemon).Keys);
            AssertPings(pair.B, VoiceB, VoiceA, "voice once its trap fired");

            // Then net's traffic: net comes up over the same IKE SA (CREATE_CHILD_SA).
            var sa = Assert.Single(a.ListSas());
            var second = pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 5);
            output.WriteLine(second.ToString());
            WaitUntil(() => a.ListSas() is [{ Children.Count: 2 }], "net did not come up after its traffic");
            Assert.Equal(sa.InitiatorSpi, Assert.Single(a.ListSas()).InitiatorSpi);
            Assert.Equal(["lab/net", "lab/voice"], Children(daemon).Keys.Order());
            AssertPings(pair.B, pair.B.InnerAddress, pair.A.InnerAddress, "net once its trap fired");
        }, childExtra: "start_action: trap");
    }

    private void Run(Action<NetworkNamespacePair, StrongSwanInstance, DaemonProcess> body, string childExtra = "")
    {
        using var scope = new LabScope();
        var pair = scope.Add(new NetworkNamespacePair());
        var work = scope.Add(new LabTempDirectory("children"));
        LabCommand.Run("ip", ["-n", pair.A.Name, "addr", "add", $"{VoiceA}/32", "dev", "lo"]).EnsureSuccess();
        LabCommand.Run("ip", ["-n", pair.B.Name, "addr", "add", $"{VoiceB}/32", "dev", "lo"]).EnsureSuccess();
        var a = scope.Add(new StrongSwanInstance(pair.A, "a"));
        DaemonProcess? daemon = null;
        try
        {
            a.Load(SwanctlConfig.Psk(pair.A, pair.B, "a.lab.example", "b.lab.example") with
            {
                PreSharedKey = Psk,
                MoreChildren = [("voice", "10.1.1.0/24", "10.2.1.0/24")],
            });
            string socket = work.PathOf("control.sock");
            string extra = childExtra.Length > 0 ? $"\n        {childExtra}" : "";
            string yaml = $"""
                daemon:
                  listen: [{pair.B.OuterAddress}]
                  data_plane: tun
                  tun_name: dswc0
                  control_socket: {socket}
                connections:
                  lab:
                    local_addrs: {pair.B.OuterAddress}
                    remote_addrs: {pair.A.OuterAddress}
                    proposals: aes256gcm16-prfsha256-x25519
                    local: {"{"} id: b.lab.example {"}"}
                    remote: {"{"} id: a.lab.example {"}"}
                    children:
                      net:
                        local_ts: {pair.B.TrafficSelector}
                        remote_ts: {pair.A.TrafficSelector}
                        esp_proposals: aes128gcm16{extra}
                      voice:
                        local_ts: 10.2.1.0/24
                        remote_ts: 10.1.1.0/24
                        esp_proposals: aes128gcm16{extra}
                secrets:
                  ike:
                    - ids: [a.lab.example, b.lab.example]
                      secret: "{Psk}"
                """;
            daemon = scope.Add(DaemonProcess.Start(pair.B, work.FullPath, yaml, socket));
            body(pair, a, daemon);
        }
        catch
        {
            output.WriteLine("dotswan daemon:\n" + daemon?.Output);
            output.WriteLine("charon (A) log tail:\n" + a.LogTail(120));
            throw;
        }
    }

    private static Dictionary<string, long> Children(DaemonProcess daemon)
    {
        var ike = Assert.Single(daemon.StatusJson().GetProperty("ike_sas").EnumerateArray(), i => i.GetProperty("state").GetString() == "established");
        return ike.GetProperty("children").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("packets_in").GetInt64());
    }

    private void AssertPings(NetworkNamespace ns, IPAddress from, IPAddress to, string what)
    {
        var ping = ns.Ping(to, source: from, count: 3);
        output.WriteLine(ping.ToString());
        Assert.True(ping.Succeeded, $"{what}: {ping}");
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
}
