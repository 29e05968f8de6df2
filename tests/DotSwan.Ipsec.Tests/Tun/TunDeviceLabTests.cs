using DotSwan.TestSupport.Lab;
using Xunit.Abstractions;

namespace DotSwan.Ipsec.Tests.Tun;

/// <summary>TunDevice in a throwaway namespace: the host opens and configures it, and it disappears when the host exits.</summary>
[Collection(TunLabCollectionDefinition.Name)]
public sealed class TunDeviceLabTests(ITestOutputHelper output)
{
    [LabFact]
    public void Tun_device_appears_configured_in_the_namespace_and_disappears_on_exit()
    {
        string nsA;
        string nsB;
        int hostPid;
        string hostName;
        using (var scope = new LabScope())
        {
            var pair = scope.Add(new NetworkNamespacePair());
            nsA = pair.A.Name;
            nsB = pair.B.Name;
            var work = scope.Add(new LabTempDirectory("tun-device"));
            Assert.False(pair.A.Run("ip", "link", "show", "dswt0").Succeeded, "no dswt0 before the host runs");

            var host = scope.Add(TunHostProcess.Start(pair.A, work.FullPath, "tun-only",
                ["--tun-only", "--tun", "dswt0", "--tun-address", "10.1.0.9/32", "--remote", "10.2.0.0/24", "--max-seconds", "60"]));
            hostPid = host.Pid;
            hostName = host.ProcessName;

            var link = pair.A.Run("ip", "-o", "link", "show", "dswt0").EnsureSuccess();
            output.WriteLine(link.StandardOutput);
            Assert.Contains("mtu 1400", link.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("UP", link.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("POINTOPOINT", link.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("qlen 2000", link.StandardOutput, StringComparison.Ordinal); // not Linux's 500: see TunInterfaceSettings
            var address = pair.A.Run("ip", "-o", "address", "show", "dev", "dswt0").EnsureSuccess();
            Assert.Contains("10.1.0.9/32", address.StandardOutput, StringComparison.Ordinal);
            var route = pair.A.Run("ip", "route", "show", "10.2.0.0/24").EnsureSuccess();
            Assert.Contains("dev dswt0", route.StandardOutput, StringComparison.Ordinal);
            // The device lives in the namespace only, not beside it.
            Assert.False(pair.B.Run("ip", "link", "show", "dswt0").Succeeded);

            host.StopAndReadCounters();
            Assert.False(pair.A.Run("ip", "link", "show", "dswt0").Succeeded, "dswt0 left after the host exited");
            Assert.False(pair.A.Run("ip", "route", "show", "10.2.0.0/24").StandardOutput.Contains("dswt0", StringComparison.Ordinal));
        }

        Assert.False(LabProcess.IsRunning(hostPid, hostName));
        var left = NetworkNamespacePair.ListNamespaces();
        Assert.DoesNotContain(nsA, left);
        Assert.DoesNotContain(nsB, left);
    }
}
