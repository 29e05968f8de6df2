using System.Net;

namespace DotSwan.Interop.Tests;

/// <summary>
/// Two dotswan daemons that each listen on an IPv4 and an IPv6 address (TUN data plane): one connection over each
/// address family, both up at once, pings through each tunnel both ways. The TUN data plane serves every listen address
/// (one TUN device per address), not only the first.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DaemonMultiAddressLiveTests(ITestOutputHelper output)
{
    private const string Psk = "dotswan-multi-address-psk-0123456789";

    [LabFact]
    public void Tunnels_over_the_IPv4_and_the_IPv6_listen_address_carry_traffic_at_the_same_time()
    {
        using var scope = new LabScope();
        var pair = scope.Add(new NetworkNamespacePair());
        var work = scope.Add(new LabTempDirectory("multi-address"));
        var outer6 = new Dictionary<NetworkNamespace, IPAddress> { [pair.A] = IPAddress.Parse("2001:db8::1"), [pair.B] = IPAddress.Parse("2001:db8::2") };
        var inner6 = new Dictionary<NetworkNamespace, IPAddress> { [pair.A] = IPAddress.Parse("fd00:1::1"), [pair.B] = IPAddress.Parse("fd00:2::1") };
        foreach (var ns in new[] { pair.A, pair.B })
        {
            LabCommand.Run("ip", ["-n", ns.Name, "addr", "add", $"{outer6[ns]}/64", "dev", ns.InterfaceName, "nodad"]).EnsureSuccess();
            LabCommand.Run("ip", ["-n", ns.Name, "addr", "add", $"{inner6[ns]}/128", "dev", "lo", "nodad"]).EnsureSuccess();
        }

        DaemonProcess? a = null;
        DaemonProcess? b = null;
        try
        {
            Assert.True(pair.A.Run("ping", "-6", "-n", "-c", "1", "-W", "2", outer6[pair.B].ToString()).Succeeded, "the IPv6 veth addresses do not answer");
            string Yaml(NetworkNamespace self, NetworkNamespace peer, string me, string them, string tun) => $"""
                daemon:
                  listen: [{self.OuterAddress}, "{outer6[self]}"]
                  data_plane: tun
                  tun_name: {tun}
                  control_socket: {work.PathOf(me + ".sock")}
                connections:
                  v4:
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
                  v6:
                    local_addrs: "{outer6[self]}"
                    remote_addrs: "{outer6[peer]}"
                    proposals: aes256gcm16-prfsha256-x25519
                    local: {"{"} id: {me}.lab.example {"}"}
                    remote: {"{"} id: {them}.lab.example {"}"}
                    children:
                      net6:
                        local_ts: {inner6[self]}/128
                        remote_ts: {inner6[peer]}/128
                        esp_proposals: aes128gcm16
                secrets:
                  ike:
                    - ids: [a.lab.example, b.lab.example]
                      secret: "{Psk}"
                """;

            b = scope.Add(DaemonProcess.Start(pair.B, work.FullPath, Yaml(pair.B, pair.A, "b", "a", "dsmb0"), work.PathOf("b.sock"), "b"));
            a = scope.Add(DaemonProcess.Start(pair.A, work.FullPath, Yaml(pair.A, pair.B, "a", "b", "dsma0"), work.PathOf("a.sock"), "a"));
            foreach (string connection in new[] { "v4", "v6" })
            {
                var up = a.Cli("up", connection, "--timeout", "20");
                output.WriteLine(up.ToString());
                Assert.True(up.Succeeded, up.ToString());
            }

            Assert.True(pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3).Succeeded, "IPv4 tunnel A -> B");
            Assert.True(pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 3).Succeeded, "IPv4 tunnel B -> A");
            Assert.True(pair.A.Ping(inner6[pair.B], source: inner6[pair.A], count: 3).Succeeded, "IPv6 tunnel A -> B");
            Assert.True(pair.B.Ping(inner6[pair.A], source: inner6[pair.B], count: 3).Succeeded, "IPv6 tunnel B -> A");

            // Each tunnel's ESP went over its own address: both Child SAs on B decrypted the pings.
            var ikeSas = b.StatusJson().GetProperty("ike_sas").EnumerateArray().Where(i => i.GetProperty("state").GetString() == "established").ToList();
            Assert.Equal(2, ikeSas.Count);
            foreach (var ike in ikeSas)
            {
                var child = Assert.Single(ike.GetProperty("children").EnumerateArray());
                Assert.True(child.GetProperty("packets_in").GetInt64() >= 6, $"{ike.GetProperty("connection").GetString()}: fewer than 6 packets decrypted");
            }

            Assert.Contains(ikeSas, i => i.GetProperty("remote").GetString()!.StartsWith("[2001:db8::1]", StringComparison.Ordinal));
            Assert.Contains(ikeSas, i => i.GetProperty("remote").GetString()!.StartsWith("192.0.2.1:", StringComparison.Ordinal));
            var links = pair.B.Run("ip", "-o", "link", "show");
            Assert.Contains("dsmb0", links.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("dsmb1", links.StandardOutput, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine("daemon A:\n" + a?.Output);
            output.WriteLine("daemon B:\n" + b?.Output);
            throw;
        }
    }
}
