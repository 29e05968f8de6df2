using System.Net;

namespace DotSwan.TestSupport.Lab;

/// <summary>
/// Sides A and B with a NAT router namespace between them: the inside side has 198.51.100.x/24 and its default route
/// through the router (198.51.100.254), the outside side has 192.0.2.x/24, and the router masquerades (iptables
/// MASQUERADE, source NAT with port mapping) everything leaving on its outside veth as <see cref="NatAddress"/>
/// (192.0.2.254). The outside side never sees an inside address. Names are "dsw-PID-N-a/-b/-n"; Dispose deletes all
/// three namespaces, also after a failed setup. Needs iptables (nft or legacy) and conntrack on top of the lab requirements.
/// </summary>
public sealed class NatNamespaceTriple : IDisposable
{
    private static readonly IPAddress RouterInside = IPAddress.Parse("198.51.100.254");
    private readonly List<string> created = [];
    private bool disposed;

    /// <summary>Creates the three namespaces with <paramref name="natted"/> behind the NAT and checks the inside side reaches the outside one.</summary>
    public NatNamespaceTriple(NatSide natted)
    {
        Natted = natted;
        string stem = $"dsw-{Environment.ProcessId}-{NetworkNamespacePair.NextSequence()}";
        var inside = natted == NatSide.A ? IPAddress.Parse("198.51.100.1") : IPAddress.Parse("198.51.100.2");
        var outside = natted == NatSide.A ? IPAddress.Parse("192.0.2.2") : IPAddress.Parse("192.0.2.1");
        var topology = LabTopology.Default;
        A = new NetworkNamespace($"{stem}-a", topology.InterfaceA, natted == NatSide.A ? inside : outside, topology.InnerA, topology.TrafficSelectorA);
        B = new NetworkNamespace($"{stem}-b", topology.InterfaceB, natted == NatSide.B ? inside : outside, topology.InnerB, topology.TrafficSelectorB);
        RouterName = $"{stem}-n";
        try
        {
            NetworkNamespacePair.RemoveStaleNamespaces();
            Create();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The NAT's outside address: what the outside side sees as the inside side's address.</summary>
    public static IPAddress NatAddress { get; } = IPAddress.Parse("192.0.2.254");

    /// <summary>Which side is behind the NAT.</summary>
    public NatSide Natted { get; }

    /// <summary>Side A.</summary>
    public NetworkNamespace A { get; }

    /// <summary>Side B.</summary>
    public NetworkNamespace B { get; }

    /// <summary>The side behind the NAT.</summary>
    public NetworkNamespace Inside => Natted == NatSide.A ? A : B;

    /// <summary>The side in front of it.</summary>
    public NetworkNamespace Outside => Natted == NatSide.A ? B : A;

    /// <summary>The router namespace's name.</summary>
    public string RouterName { get; }

    /// <summary>Runs a command in the router namespace (bounded).</summary>
    public CommandResult RunInRouter(string program, params string[] arguments) =>
        LabCommand.Run("ip", new[] { "netns", "exec", RouterName, program }.Concat(arguments), TimeSpan.FromSeconds(10));

    /// <summary>The router's NAT table with packet counters (iptables -t nat -L -v -n -x), for logs and checks.</summary>
    public string NatRules() => RunInRouter("iptables", "-t", "nat", "-L", "-v", "-n", "-x").StandardOutput;

    /// <summary>
    /// Makes the NAT pick new outside ports: MASQUERADE is replaced by SNAT to <see cref="NatAddress"/> with ports
    /// <paramref name="low"/>–<paramref name="high"/> and the connection tracking table is flushed (conntrack -F), so the
    /// next datagram from the inside side gets a new mapping — a NAT reboot or mapping timeout, as RFC 7296 §2.23 puts it.
    /// </summary>
    public void RemapPorts(int low, int high)
    {
        string outsideVeth = Natted == NatSide.A ? "vethNB" : "vethNA";
        RunInRouter("iptables", "-t", "nat", "-F", "POSTROUTING").EnsureSuccess();
        RunInRouter("iptables", "-t", "nat", "-A", "POSTROUTING", "-o", outsideVeth, "-p", "udp", "-j", "SNAT",
            "--to-source", $"{NatAddress}:{low}-{high}").EnsureSuccess();
        RunInRouter("iptables", "-t", "nat", "-A", "POSTROUTING", "-o", outsideVeth, "-j", "MASQUERADE").EnsureSuccess();
        RunInRouter("conntrack", "-F").EnsureSuccess();
    }

    private void Create()
    {
        foreach (var name in new[] { A.Name, B.Name, RouterName })
        {
            Ip("netns", "add", name);
            created.Add(name);
        }
        const string routerToA = "vethNA";
        const string routerToB = "vethNB";
        Ip("link", "add", A.InterfaceName, "netns", A.Name, "type", "veth", "peer", "name", routerToA, "netns", RouterName);
        Ip("link", "add", B.InterfaceName, "netns", B.Name, "type", "veth", "peer", "name", routerToB, "netns", RouterName);
        foreach (var ns in new[] { A, B })
        {
            Ip("-n", ns.Name, "link", "set", "lo", "up");
            Ip("-n", ns.Name, "addr", "add", $"{ns.OuterAddress}/24", "dev", ns.InterfaceName);
            Ip("-n", ns.Name, "addr", "add", $"{ns.InnerAddress}/32", "dev", "lo");
            Ip("-n", ns.Name, "link", "set", ns.InterfaceName, "up");
            ns.Run("sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0").EnsureSuccess();
        }
        string insideVeth = Natted == NatSide.A ? routerToA : routerToB;
        string outsideVeth = Natted == NatSide.A ? routerToB : routerToA;
        Ip("-n", RouterName, "link", "set", "lo", "up");
        Ip("-n", RouterName, "addr", "add", $"{RouterInside}/24", "dev", insideVeth);
        Ip("-n", RouterName, "addr", "add", $"{NatAddress}/24", "dev", outsideVeth);
        Ip("-n", RouterName, "link", "set", insideVeth, "up");
        Ip("-n", RouterName, "link", "set", outsideVeth, "up");
        RunInRouter("sysctl", "-qw", "net.ipv4.ip_forward=1").EnsureSuccess();
        RunInRouter("iptables", "-t", "nat", "-A", "POSTROUTING", "-o", outsideVeth, "-j", "MASQUERADE").EnsureSuccess();
        Ip("-n", Inside.Name, "route", "add", "default", "via", RouterInside.ToString());
        CommandResult? ping = null;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            ping = Inside.Ping(Outside.OuterAddress, count: 1);
            if (ping.Succeeded) { return; }
        }
        throw new LabException($"{Inside.OuterAddress} -> NAT -> {Outside.OuterAddress} does not answer: {ping}");
    }

    private static void Ip(params string[] arguments) => LabCommand.Run("ip", arguments).EnsureSuccess();

    /// <summary>Deletes the three namespaces (veths and NAT rules go with them). Never throws.</summary>
    public void Dispose()
    {
        if (disposed) { return; }
        disposed = true;
        foreach (var name in created)
        {
            LabCommand.Run("ip", ["netns", "del", name], TimeSpan.FromSeconds(10));
        }
    }
}
