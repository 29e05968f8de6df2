using System.Diagnostics.Metrics;

namespace DotSwan.Daemon.Runtime;

/// <summary>
/// The daemon's counters through System.Diagnostics.Metrics (meter "DotSwan.Daemon"): SAs established and failed (by
/// reason), Child SAs installed and removed, IKE datagrams in and out (by port), send failures. dotnet-counters or an
/// OpenTelemetry exporter can read them; <c>dotswan stats</c> shows the same numbers through the control socket.
/// </summary>
internal sealed class DaemonMetrics : IDisposable
{
    public const string MeterName = "DotSwan.Daemon";

    private readonly Meter _meter;

    public DaemonMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        IkeSasEstablished = _meter.CreateCounter<long>("dotswan.ike.sa.established", description: "IKE SAs authenticated");
        IkeSasFailed = _meter.CreateCounter<long>("dotswan.ike.sa.failed", description: "IKE SAs that failed, tagged by reason");
        IkeSasDeleted = _meter.CreateCounter<long>("dotswan.ike.sa.deleted", description: "IKE SAs deleted");
        ChildSasInstalled = _meter.CreateCounter<long>("dotswan.child.sa.installed", description: "Child SAs installed in the data plane");
        ChildSasRemoved = _meter.CreateCounter<long>("dotswan.child.sa.removed", description: "Child SAs removed from the data plane");
        DatagramsReceived = _meter.CreateCounter<long>("dotswan.ike.datagrams.received", description: "IKE datagrams received, tagged by port");
        DatagramsSent = _meter.CreateCounter<long>("dotswan.ike.datagrams.sent", description: "IKE datagrams sent, tagged by port");
        SendFailures = _meter.CreateCounter<long>("dotswan.ike.send.failures", description: "IKE datagrams the socket refused");
    }

    public Counter<long> IkeSasEstablished { get; }

    public Counter<long> IkeSasFailed { get; }

    public Counter<long> IkeSasDeleted { get; }

    public Counter<long> ChildSasInstalled { get; }

    public Counter<long> ChildSasRemoved { get; }

    public Counter<long> DatagramsReceived { get; }

    public Counter<long> DatagramsSent { get; }

    public Counter<long> SendFailures { get; }

    /// <summary>Registers gauges read from <paramref name="read"/> (called on the collector's thread).</summary>
    public void AddGauge(string name, string description, Func<long> read) => _meter.CreateObservableGauge(name, read, description: description);

    public void Dispose() => _meter.Dispose();
}
