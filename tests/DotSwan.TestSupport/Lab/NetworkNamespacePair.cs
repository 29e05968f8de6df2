using System.Globalization;
using System.Text.RegularExpressions;

namespace DotSwan.TestSupport.Lab;

/// <summary>
/// Two network namespaces joined by a veth pair: A = <see cref="LabTopology.OuterA"/>, B = <see cref="LabTopology.OuterB"/>,
/// each with its inner address as a /32 on lo and reverse-path filtering off (decapsulated packets arrive on a TUN
/// device). Names are unique per run ("dsw-PID-N-a"); Dispose deletes both namespaces, also after a failed setup.
/// Processes started inside must be stopped by their owners before the pair is disposed.
/// </summary>
public sealed partial class NetworkNamespacePair : IDisposable
{
    private const string NamePrefix = "dsw-";
    private static int sequence;
    private readonly List<string> created = [];
    private readonly List<string> teardownErrors = [];
    private bool disposed;

    /// <summary>Creates the namespaces with the <see cref="LabTopology.Default"/> addresses.</summary>
    public NetworkNamespacePair() : this(LabTopology.Default) { }

    /// <summary>Creates the namespaces, veth pair and addresses of <paramref name="topology"/> and checks A can ping B.</summary>
    public NetworkNamespacePair(LabTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        topology.Validate();
        Topology = topology;
        string stem = $"{NamePrefix}{Environment.ProcessId}-{NextSequence()}";
        A = new NetworkNamespace($"{stem}-a", topology.InterfaceA, topology.OuterA, topology.InnerA, topology.TrafficSelectorA);
        B = new NetworkNamespace($"{stem}-b", topology.InterfaceB, topology.OuterB, topology.InnerB, topology.TrafficSelectorB);
        try
        {
            RemoveStaleNamespaces();
            Create();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The next number for namespace names of this process (shared with <see cref="NatNamespaceTriple"/>).</summary>
    internal static int NextSequence() => Interlocked.Increment(ref sequence);

    /// <summary>The addresses in use.</summary>
    public LabTopology Topology { get; }

    /// <summary>Side A (by convention the initiator).</summary>
    public NetworkNamespace A { get; }

    /// <summary>Side B (by convention the responder).</summary>
    public NetworkNamespace B { get; }

    /// <summary>The names `ip netns list` currently shows.</summary>
    public static IReadOnlyList<string> ListNamespaces()
    {
        var result = LabCommand.Run("ip", ["netns", "list"], TimeSpan.FromSeconds(5)).EnsureSuccess();
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0])
            .ToList();
    }

    /// <summary>
    /// Deletes namespaces left by earlier runs of this harness that died before their teardown: named
    /// "dsw-PID-…" (pair sides and the requirement probe) for a PID that no longer exists, and with no process left inside.
    /// </summary>
    public static void RemoveStaleNamespaces()
    {
        foreach (var name in ListNamespaces())
        {
            var match = StaleName().Match(name);
            if (!match.Success) { continue; }
            int pid = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            if (pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}")) { continue; }
            var pids = LabCommand.Run("ip", ["netns", "pids", name], TimeSpan.FromSeconds(5));
            if (pids.Succeeded && pids.StandardOutput.Trim().Length == 0)
            {
                LabCommand.Run("ip", ["netns", "del", name], TimeSpan.FromSeconds(10));
            }
        }
    }

    private void Create()
    {
        foreach (var ns in new[] { A, B })
        {
            Ip("netns", "add", ns.Name);
            created.Add(ns.Name);
        }
        // Created directly inside the namespaces: nothing appears in the namespace the tests run in.
        Ip("link", "add", A.InterfaceName, "netns", A.Name, "type", "veth", "peer", "name", B.InterfaceName, "netns", B.Name);
        foreach (var ns in new[] { A, B })
        {
            Ip("-n", ns.Name, "link", "set", "lo", "up");
            bool ipv6 = ns.OuterAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
            // IPv6 without duplicate address detection, so the addresses are usable at once.
            string[] noDad = ipv6 ? ["nodad"] : [];
            Ip(["-n", ns.Name, "addr", "add", $"{ns.OuterAddress}/{Topology.OuterPrefixLength}", "dev", ns.InterfaceName, .. noDad]);
            Ip(["-n", ns.Name, "addr", "add", $"{ns.InnerAddress}/{(ipv6 ? 128 : 32)}", "dev", "lo", .. noDad]);
            Ip("-n", ns.Name, "link", "set", ns.InterfaceName, "up");
            ns.Run("sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0").EnsureSuccess();
        }
        CommandResult? ping = null;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            ping = A.Ping(B.OuterAddress, count: 1);
            if (ping.Succeeded) { return; }
        }
        throw new LabException($"veth {A.OuterAddress} -> {B.OuterAddress} does not answer: {ping}");
    }

    private static void Ip(params string[] arguments) => LabCommand.Run("ip", arguments).EnsureSuccess();

    /// <summary>What went wrong while deleting the namespaces (Dispose does not throw); empty after a clean teardown.</summary>
    public IReadOnlyList<string> TeardownErrors => teardownErrors;

    /// <summary>Deletes the namespaces (and with them the veth pair). Never throws; see <see cref="TeardownErrors"/>.</summary>
    public void Dispose()
    {
        if (disposed) { return; }
        disposed = true;
        foreach (var name in created)
        {
            var result = LabCommand.Run("ip", ["netns", "del", name], TimeSpan.FromSeconds(10));
            if (!result.Succeeded) { teardownErrors.Add(result.ToString()); }
        }
    }

    [GeneratedRegex(@"^dsw-(\d+)-(?:\d+-[abn]|probe)$")]
    private static partial Regex StaleName();
}
