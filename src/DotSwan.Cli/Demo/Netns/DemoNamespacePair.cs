using System.Globalization;
using System.Net;

namespace DotSwan.Cli.Demo.Netns;

/// <summary>
/// The two network namespaces of <c>dotswan demo --netns</c>: <c>dswdemo-PID-west</c> and <c>-east</c>, joined by a veth
/// pair with 192.0.2.1/24 and 192.0.2.2/24 (documentation addresses), the private inner addresses 10.1.0.1 and 10.2.0.1 on
/// lo, and rp_filter off (packets from the TUN device carry the inner addresses). Dispose deletes both namespaces (which
/// removes the veth and any TUN device in them); what failed is kept in <see cref="TeardownErrors"/>.
/// </summary>
internal sealed class DemoNamespacePair : IDisposable
{
    /// <summary>The prefix of every namespace the demo creates.</summary>
    public const string Prefix = "dswdemo-";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private readonly List<string> _created = [];
    private readonly List<string> _teardownErrors = [];

    private DemoNamespacePair(string stem)
    {
        West = $"{stem}-west";
        East = $"{stem}-east";
    }

    public string West { get; }

    public string East { get; }

    public static IPAddress WestOuter { get; } = IPAddress.Parse("192.0.2.1");

    public static IPAddress EastOuter { get; } = IPAddress.Parse("192.0.2.2");

    public static IPAddress WestInner { get; } = IPAddress.Parse("10.1.0.1");

    public static IPAddress EastInner { get; } = IPAddress.Parse("10.2.0.1");

    public IReadOnlyList<string> TeardownErrors => _teardownErrors;

    /// <summary>Creates both namespaces and the veth pair, and checks west reaches east over it; deletes what it made when a step fails.</summary>
    public static DemoNamespacePair Create()
    {
        RemoveStale();
        var pair = new DemoNamespacePair(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}"));
        try
        {
            pair.Build();
            return pair;
        }
        catch
        {
            pair.Dispose();
            throw;
        }
    }

    /// <summary>Runs a command in namespace <paramref name="ns"/>.</summary>
    public static CommandOutcome Exec(string ns, string program, IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        BoundedCommand.Run("ip", ["netns", "exec", ns, program, .. arguments], timeout ?? CommandTimeout);

    /// <summary>Pings <paramref name="destination"/> from <paramref name="source"/> in <paramref name="ns"/>; the packets received.</summary>
    public static (int Received, CommandOutcome Outcome) Ping(string ns, IPAddress source, IPAddress destination, int count)
    {
        var outcome = Exec(ns, "ping", ["-n", "-q", "-c", count.ToString(CultureInfo.InvariantCulture), "-i", "0.2", "-W", "2", "-I", source.ToString(), destination.ToString()],
            TimeSpan.FromSeconds(5 + (3 * count)));
        // "3 packets transmitted, 3 received, 0% packet loss"
        int received = 0;
        foreach (string part in outcome.Output.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.EndsWith(" received", StringComparison.Ordinal) && int.TryParse(part.Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
            {
                received = n;
            }
        }

        return (received, outcome);
    }

    public void Dispose()
    {
        foreach (string name in _created.AsEnumerable().Reverse())
        {
            var result = BoundedCommand.Run("ip", ["netns", "del", name], CommandTimeout);
            if (!result.Succeeded)
            {
                _teardownErrors.Add($"{result.CommandLine}: {result.Error.Trim()}");
            }
        }

        _created.Clear();
    }

    /// <summary>Deletes empty demo namespaces of runs whose process is gone (killed before it could clean up).</summary>
    private static void RemoveStale()
    {
        var list = BoundedCommand.Run("ip", ["netns", "list"], CommandTimeout);
        foreach (string line in list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string name = line.Split(' ')[0];
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            string pid = name[Prefix.Length..].Split('-')[0];
            if (pid.Length == 0 || !pid.All(char.IsAsciiDigit) || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            var pids = BoundedCommand.Run("ip", ["netns", "pids", name], CommandTimeout);
            if (pids.Succeeded && pids.Output.Trim().Length == 0)
            {
                BoundedCommand.Run("ip", ["netns", "del", name], CommandTimeout);
            }
        }
    }

    private void Build()
    {
        foreach (string ns in new[] { West, East })
        {
            Ip("netns", "add", ns);
            _created.Add(ns);
        }

        // Made inside the namespaces: nothing appears in the caller's namespace.
        Ip("link", "add", "veth-west", "netns", West, "type", "veth", "peer", "name", "veth-east", "netns", East);
        foreach (var (ns, veth, outer, inner) in new[] { (West, "veth-west", WestOuter, WestInner), (East, "veth-east", EastOuter, EastInner) })
        {
            Ip("-n", ns, "link", "set", "lo", "up");
            Ip("-n", ns, "addr", "add", $"{outer}/24", "dev", veth);
            Ip("-n", ns, "addr", "add", $"{inner}/32", "dev", "lo");
            Ip("-n", ns, "link", "set", veth, "up");
            Exec(ns, "sysctl", ["-qw", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0"]).EnsureSuccess();
        }

        for (int attempt = 0; attempt < 3; attempt++)
        {
            if (Ping(West, WestOuter, EastOuter, 1).Received == 1)
            {
                return;
            }
        }

        throw new DemoFailedException($"the veth pair does not carry packets: {WestOuter} in {West} cannot ping {EastOuter} in {East}");
    }

    private static void Ip(params string[] arguments) => BoundedCommand.Run("ip", arguments, CommandTimeout).EnsureSuccess();
}
