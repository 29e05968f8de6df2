namespace DotSwan.Daemon.Control;

/// <summary>The result of <c>stats</c>: counters by name (engine, sockets, data plane), and since when.</summary>
/// <param name="StartedAt">When the daemon started.</param>
/// <param name="Counters">Counter values by dotted name.</param>
public sealed record StatsReport(DateTimeOffset StartedAt, IReadOnlyDictionary<string, long> Counters);
