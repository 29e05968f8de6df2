using System.Globalization;
using System.Text;
using DotSwan.Daemon.Control;

namespace DotSwan.Cli.Status;

/// <summary>
/// Formats <c>dotswan status</c>, <c>list-conns</c> and <c>stats</c> for people: one row per IKE SA, indented rows for its
/// Child SAs, aligned columns (name, state, peer or selectors, algorithms, SPIs, traffic, time to rekey).
/// </summary>
internal static class StatusTable
{
    private static readonly string[] ConnectionHeader = ["NAME", "KIND", "UP", "LOCAL", "REMOTE", "AUTH", "PROPOSALS"];

    private static readonly string[] Header = ["NAME", "STATE", "PEER / SELECTORS", "ALGORITHMS", "SPIS", "TRAFFIC", "REKEY IN"];

    public static string Format(StatusReport report)
    {
        var rows = new List<string[]> { Header };
        foreach (var ike in report.IkeSas)
        {
            rows.Add([
                ike.Connection.Length > 0 ? ike.Connection : "?",
                // IKEv1 rows say so: an ISAKMP SA with its IPsec SAs, in the same table as the IKEv2 SAs.
                $"{ike.State} ({(ike.Initiator ? "initiator" : "responder")}{(ike.Version == 1 ? ", IKEv1" : "")})",
                $"{ike.Remote ?? "?"} {ike.RemoteId ?? ""}".Trim(),
                ike.Algorithms ?? "-",
                ike.Id,
                "",
                Duration(ike.RekeyInSeconds),
            ]);
            foreach (var child in ike.Children)
            {
                rows.Add(ChildRow(child, "installed"));
            }
        }

        foreach (var manual in report.Manual)
        {
            rows.Add(ChildRow(manual, "manual", indent: ""));
        }

        var text = new StringBuilder();
        if (rows.Count == 1)
        {
            return "no SAs\n";
        }

        AppendAligned(text, rows);
        text.Append(CultureInfo.InvariantCulture, $"{report.IkeSas.Count} IKE SA(s), {report.IkeSas.Sum(i => i.Children.Count)} Child SA(s), {report.Manual.Count} manual tunnel(s)\n");
        return text.ToString();
    }

    public static string Format(IReadOnlyList<ConnectionSummary> connections)
    {
        if (connections.Count == 0)
        {
            return "no connections configured\n";
        }

        var rows = new List<string[]> { ConnectionHeader };
        foreach (var c in connections)
        {
            rows.Add([c.Name, c.Kind, c.Up ? "yes" : "no",
                $"{string.Join(',', c.LocalAddrs)} {c.LocalId ?? ""}".Trim(),
                $"{(c.RemoteAddrs.Count > 0 ? string.Join(',', c.RemoteAddrs) : "%any")} {c.RemoteId ?? ""}".Trim(),
                c.Auth ?? "static keys", string.Join(", ", c.Proposals)]);
        }

        var table = new StringBuilder();
        AppendAligned(table, rows);
        var lines = table.ToString().Split('\n');
        var text = new StringBuilder().Append(lines[0]).Append('\n');
        for (int i = 0; i < connections.Count; i++)
        {
            text.Append(lines[i + 1]).Append('\n');
            foreach (string child in connections[i].Children)
            {
                text.Append("  ").Append(child).Append('\n');
            }
        }

        return text.ToString();
    }

    public static string Format(StatsReport stats)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"since {stats.StartedAt:yyyy-MM-ddTHH:mm:ssZ}\n");
        int width = stats.Counters.Keys.DefaultIfEmpty("").Max(k => k.Length);
        foreach (var (name, value) in stats.Counters.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            text.Append(name.PadRight(width)).Append("  ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>"3h59m", "59m58s", "42s", "-" for none.</summary>
    public static string Duration(long? seconds)
    {
        if (seconds is not { } s)
        {
            return "-";
        }

        var span = TimeSpan.FromSeconds(s);
        return span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m")
            : span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m{span.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Seconds}s");
    }

    /// <summary>"1.5 KiB", "300 B".</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.0} GiB"),
    };

    private static string[] ChildRow(ChildSaStatus child, string state, string indent = "  ") =>
    [
        indent + child.Name,
        $"{state} ({child.Mode})",
        $"{string.Join(',', child.LocalTs)} === {string.Join(',', child.RemoteTs)}",
        child.Algorithms,
        $"in {child.InboundSpi} out {child.OutboundSpi}",
        string.Create(CultureInfo.InvariantCulture, $"in {child.PacketsIn} pkt {Bytes(child.BytesIn)}, out {child.PacketsOut} pkt {Bytes(child.BytesOut)}"),
        Duration(child.RekeyInSeconds),
    ];

    private static void AppendAligned(StringBuilder text, List<string[]> rows)
    {
        int columns = rows[0].Length;
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            var line = new StringBuilder();
            for (int c = 0; c < columns; c++)
            {
                line.Append(c == columns - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }
}
