using System.Diagnostics;
using System.Globalization;
using DotSwan.Cli.Status;
using DotSwan.Daemon.Control;

namespace DotSwan.Cli.Demo;

/// <summary>
/// What <c>dotswan demo</c> does: two DotSwan instances on 127.0.0.1 establish an IKEv2 SA (two in-process daemons) and
/// an IKEv1 SA (two IKEv1 engines on UDP sockets), each with a Child/IPsec SA; packets go through the memory data
/// planes both ways, each Child SA is rekeyed once and carries traffic again, the status table shows the counters, and
/// Deletes tear everything down. One progress line per step; the first failure ends the run with its reason.
/// </summary>
internal sealed class LiveDemo(TextWriter output)
{
    /// <summary>Packets sent each way per traffic step.</summary>
    public const int PacketsPerStep = 50;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _step;

    /// <summary>How long the whole run may take.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Runs every step; throws <see cref="DemoFailedException"/> with the reason when one fails.</summary>
    public async Task RunAsync()
    {
        output.WriteLine("DotSwan demo: two DotSwan instances on 127.0.0.1, an IKEv2 and an IKEv1 tunnel, memory data plane (no root, no network).");
        await RunIkev2Async().ConfigureAwait(false);
        await RunIkev1Async().ConfigureAwait(false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"demo complete: {_step} steps ok in {_clock.Elapsed.TotalSeconds:0.0} s"));
    }

    private async Task RunIkev2Async()
    {
        await using var pair = new Ikev2DaemonPair();
        pair.Start();
        Progress($"IKEv2: started daemons west (127.0.0.1:{pair.WestPort}) and east (127.0.0.1:{pair.EastPort}) from the embedded configuration");
        string id = await pair.UpAsync().ConfigureAwait(false);
        var (west, _) = await pair.ChildSasAsync().ConfigureAwait(false);
        Progress($"IKEv2: IKE SA {id} established (IKE_SA_INIT, IKE_AUTH with PSK), Child SA in 0x{west.InboundSpi} out 0x{west.OutboundSpi} {west.Algorithms}");
        var (toEast, toWest) = await pair.TrafficAsync(PacketsPerStep).ConfigureAwait(false);
        Progress($"IKEv2: traffic {toEast} packets west->east and {toWest} east->west encrypted, decrypted and verified");
        var (rekeyed, _) = await pair.RekeyChildAsync(west).ConfigureAwait(false);
        Progress($"IKEv2: Child SA rekeyed (CREATE_CHILD_SA), in 0x{west.InboundSpi} replaced by 0x{rekeyed.InboundSpi}");
        (toEast, toWest) = await pair.TrafficAsync(PacketsPerStep).ConfigureAwait(false);
        Progress($"IKEv2: traffic on the new Child SA, {toEast} packets west->east and {toWest} east->west");
        var (westStatus, eastStatus) = await pair.StatusAsync().ConfigureAwait(false);
        CheckCounters("IKEv2 west", westStatus);
        CheckCounters("IKEv2 east", eastStatus);
        Progress("IKEv2: status of west and east (counters of the rekeyed Child SA)");
        output.Write(Indent(StatusTable.Format(westStatus)));
        output.Write(Indent(StatusTable.Format(eastStatus)));
        await pair.DownAsync().ConfigureAwait(false);
        Progress("IKEv2: deleted (INFORMATIONAL with Delete), neither side has an SA left");
    }

    private async Task RunIkev1Async()
    {
        using var pair = new Ikev1DemoPair();
        Progress($"IKEv1: engines west (127.0.0.1:{pair.West.EndPoint.Port}) and east (127.0.0.1:{pair.East.EndPoint.Port}) on UDP sockets");
        var id = await pair.UpAsync().ConfigureAwait(false);
        var (west, east) = pair.PairedChildren()!.Value;
        Progress($"IKEv1: ISAKMP SA established (Main Mode with PSK), IPsec SA in 0x{west:x8} out 0x{east:x8} (Quick Mode)");
        var (toEast, toWest) = pair.Traffic(PacketsPerStep);
        Progress($"IKEv1: traffic {toEast} packets west->east and {toWest} east->west encrypted, decrypted and verified");
        var (rekeyed, _) = await pair.RekeyAsync().ConfigureAwait(false);
        Progress($"IKEv1: IPsec SA rekeyed (Quick Mode), in 0x{west:x8} replaced by 0x{rekeyed:x8}");
        (toEast, toWest) = pair.Traffic(PacketsPerStep);
        Progress($"IKEv1: traffic on the new IPsec SA, {toEast} packets west->east and {toWest} east->west");
        var westStatus = pair.West.Status(DateTimeOffset.UtcNow);
        var eastStatus = pair.East.Status(DateTimeOffset.UtcNow);
        CheckCounters("IKEv1 west", westStatus);
        CheckCounters("IKEv1 east", eastStatus);
        Progress("IKEv1: status of west and east (counters of the rekeyed IPsec SA)");
        output.Write(Indent(StatusTable.Format(westStatus)));
        output.Write(Indent(StatusTable.Format(eastStatus)));
        await pair.DownAsync(id).ConfigureAwait(false);
        Progress("IKEv1: deleted (Informational with Delete), neither side has an IPsec SA left");
    }

    private static void CheckCounters(string side, StatusReport status)
    {
        var child = status.IkeSas.SelectMany(s => s.Children).Single();
        if (child.PacketsIn != PacketsPerStep || child.PacketsOut != PacketsPerStep)
        {
            throw new DemoFailedException(string.Create(CultureInfo.InvariantCulture,
                $"{side}: the Child SA counted {child.PacketsIn} packets in and {child.PacketsOut} out, expected {PacketsPerStep} each"));
        }
    }

    private static string Indent(string text) =>
        string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => "    " + l + "\n"));

    private void Progress(string what)
    {
        _step++;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_step,2}] {_clock.Elapsed.TotalSeconds,5:0.00}s ok  {what}"));
    }
}
