using DotSwan.Ike.Engine;

namespace DotSwan.Ike.Tests.Simulation;

/// <summary>What a node's IPsec driver holds, replayed from the engine's InstallChildSa and DeleteChildSa outputs.</summary>
internal static class DriverView
{
    /// <summary>The Child SAs installed now, by our inbound SPI.</summary>
    public static Dictionary<uint, InstallChildSa> Installed(SimulatedNode node)
    {
        var installed = new Dictionary<uint, InstallChildSa>();
        foreach (var output in node.Outputs.Select(o => o.Output))
        {
            if (output is InstallChildSa install) { Assert.True(installed.TryAdd(install.Inbound.Spi, install), $"{node.Name}: SPI {install.Inbound.Spi:x8} installed twice"); }
            if (output is DeleteChildSa delete) { Assert.True(installed.Remove(delete.InboundSpi), $"{node.Name}: SPI {delete.InboundSpi:x8} deleted but not installed"); }
        }
        return installed;
    }

    /// <summary>The fewest Child SAs the driver held at any time after its first install (0 means traffic had no SA).</summary>
    public static int FewestAfterFirstInstall(SimulatedNode node)
    {
        int count = 0, fewest = int.MaxValue;
        bool started = false;
        // Outputs of one call come together: judge the count after each call's batch (same time), as a driver would.
        foreach (var batch in node.Outputs.GroupBy(o => o.Time))
        {
            foreach (var output in batch.Select(o => o.Output))
            {
                if (output is InstallChildSa) { count++; started = true; }
                if (output is DeleteChildSa) { count--; }
            }
            if (started) { fewest = Math.Min(fewest, count); }
        }
        return started ? fewest : 0;
    }

    /// <summary>How long, in total, the driver held no Child SA after its first install.</summary>
    public static TimeSpan UncoveredTime(SimulatedNode node)
    {
        int count = 0;
        bool started = false;
        DateTimeOffset? emptySince = null;
        var total = TimeSpan.Zero;
        foreach (var batch in node.Outputs.GroupBy(o => o.Time))
        {
            foreach (var output in batch.Select(o => o.Output))
            {
                if (output is InstallChildSa) { count++; started = true; }
                if (output is DeleteChildSa) { count--; }
            }
            if (started && count == 0) { emptySince ??= batch.Key; }
            else if (emptySince is { } since) { total += batch.Key - since; emptySince = null; }
        }
        return total;
    }

    /// <summary>Asserts that both drivers hold exactly <paramref name="pairs"/> Child SAs, each matching the peer's with the same SPIs and keys.</summary>
    public static void AssertPaired(SimulatedNode a, SimulatedNode b, int pairs = 1)
    {
        var ours = Installed(a);
        var theirs = Installed(b);
        Assert.Equal(pairs, ours.Count);
        Assert.Equal(pairs, theirs.Count);
        foreach (var sa in ours.Values)
        {
            var peer = theirs.Values.Single(p => p.Inbound.Spi == sa.Outbound.Spi);
            Assert.Equal(sa.Inbound.Spi, peer.Outbound.Spi);
            Assert.True(sa.Outbound.EncryptionKey.ReadOnlySpan.SequenceEqual(peer.Inbound.EncryptionKey.ReadOnlySpan), "outbound keys differ");
            Assert.True(sa.Inbound.EncryptionKey.ReadOnlySpan.SequenceEqual(peer.Outbound.EncryptionKey.ReadOnlySpan), "inbound keys differ");
            Assert.True(sa.Outbound.IntegrityKey.ReadOnlySpan.SequenceEqual(peer.Inbound.IntegrityKey.ReadOnlySpan), "integrity keys differ");
            Assert.Equal(sa.Suite, peer.Suite);
        }
    }
}
