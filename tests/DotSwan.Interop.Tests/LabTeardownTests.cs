namespace DotSwan.Interop.Tests;

/// <summary>The lab fixture itself: it must leave no namespace, daemon, capture or temp dir behind, also when setup fails.</summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class LabTeardownTests
{
    private static readonly string OurPrefix = $"dsw-{Environment.ProcessId}-";

    [LabFact]
    public void Dispose_removes_the_namespaces_stops_the_daemons_and_deletes_their_files()
    {
        string nsA, nsB, configA, configB, pcap;
        int pidA, pidB, pidCapture;
        var pair = new NetworkNamespacePair();
        try
        {
            using var a = new StrongSwanInstance(pair.A, "a");
            using var b = new StrongSwanInstance(pair.B, "b");
            using var capture = new PacketCapture(pair.B, pair.B.InterfaceName);
            (nsA, nsB, pidA, pidB, configA, configB) = (pair.A.Name, pair.B.Name, a.Pid, b.Pid, a.ConfigPath, b.ConfigPath);
            (pidCapture, pcap) = (capture.Pid, capture.FilePath);

            var listed = NetworkNamespacePair.ListNamespaces();
            Assert.Contains(nsA, listed);
            Assert.Contains(nsB, listed);
            Assert.True(a.IsRunning && b.IsRunning && capture.IsRunning);
            Assert.NotEqual(pidA, pidB);
            // Each charon runs in its own namespace: `ip netns pids` lists it there.
            Assert.Contains(pidA.ToString(System.Globalization.CultureInfo.InvariantCulture),
                LabCommand.Run("ip", "netns", "pids", nsA).EnsureSuccess().StandardOutput.Split('\n'));
            // The veth works in both directions with the topology's addresses.
            Assert.True(pair.B.Ping(pair.A.OuterAddress, count: 1).Succeeded);
        }
        finally
        {
            pair.Dispose();
        }

        Assert.Empty(pair.TeardownErrors);
        var after = NetworkNamespacePair.ListNamespaces();
        Assert.DoesNotContain(nsA, after);
        Assert.DoesNotContain(nsB, after);
        Assert.False(LabProcess.IsRunning(pidA, "charon-systemd"), $"charon {pidA} still runs");
        Assert.False(LabProcess.IsRunning(pidB, "charon-systemd"), $"charon {pidB} still runs");
        Assert.False(LabProcess.IsRunning(pidCapture, "dumpcap"), $"dumpcap {pidCapture} still runs");
        Assert.False(File.Exists(configA));
        Assert.False(File.Exists(configB));
        Assert.False(File.Exists(pcap));
    }

    [LabFact]
    public void A_pair_whose_setup_fails_deletes_the_namespaces_it_created()
    {
        // Interface names longer than 15 characters are refused by the kernel after both namespaces exist.
        var broken = LabTopology.Default with { InterfaceA = "dsw-name-far-too-long" };

        var error = Assert.Throws<LabException>(() => new NetworkNamespacePair(broken));

        Assert.Contains("veth", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(NetworkNamespacePair.ListNamespaces(), n => n.StartsWith(OurPrefix, StringComparison.Ordinal));
    }

    [LabFact]
    public void A_charon_that_never_opens_its_socket_is_stopped_and_its_log_reported()
    {
        using var pair = new NetworkNamespacePair();
        // Without the vici plugin charon runs but never creates the socket: the start must time out, not hang.
        var noVici = new StrongSwanOptions
        {
            Plugins = StrongSwanOptions.DefaultPlugins.Replace(" vici", "", StringComparison.Ordinal),
            StartTimeout = TimeSpan.FromSeconds(2),
        };

        var error = Assert.Throws<LabException>(() => new StrongSwanInstance(pair.A, "novici", noVici));

        Assert.Contains("no VICI socket", error.Message, StringComparison.Ordinal);
        Assert.Contains("loaded plugins", error.Message, StringComparison.Ordinal); // the log tail is in the message
        var pids = LabCommand.Run("ip", "netns", "pids", pair.A.Name).EnsureSuccess().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(pids, pid => LabProcess.IsRunning(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture), "charon-systemd"));
    }
}
