namespace DotSwan.Interop.Tests;

/// <summary>The lab fixture itself: it must leave no namespace, daemon or temp dir behind.</summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class LabTeardownTests
{
    [LabFact]
    public void Dispose_removes_the_namespaces_stops_the_daemons_and_deletes_their_files()
    {
        string nsA, nsB, configA, configB;
        int pidA, pidB;
        var pair = new NetworkNamespacePair();
        try
        {
            using var a = new StrongSwanInstance(pair.A, "a");
            using var b = new StrongSwanInstance(pair.B, "b");
            (nsA, nsB, pidA, pidB, configA, configB) = (pair.A.Name, pair.B.Name, a.Pid, b.Pid, a.ConfigPath, b.ConfigPath);

            var listed = NetworkNamespacePair.ListNamespaces();
            Assert.Contains(nsA, listed);
            Assert.Contains(nsB, listed);
            Assert.True(a.IsRunning && b.IsRunning);
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
        Assert.False(File.Exists(configA));
        Assert.False(File.Exists(configB));
    }
}
