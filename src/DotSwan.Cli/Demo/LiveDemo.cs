using System.Diagnostics;
using System.Globalization;
using DotSwan.Cli.Status;
using DotSwan.Daemon.Control;

namespace DotSwan.Cli.Demo;

/// <summary>
/// What <c>dotswan demo</c> does: two DotSwan instances on 127.0.0.1 (in-process daemons from an embedded configuration)
/// establish an IKEv2 SA, then two more an IKEv1 SA, each with a Child/IPsec SA; packets go through the memory data
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

    private Task RunIkev2Async() => RunPairAsync(2, "IKE SA", "IKE_SA_INIT, IKE_AUTH with PSK", "Child SA", "CREATE_CHILD_SA", "INFORMATIONAL with Delete");

    private Task RunIkev1Async() => RunPairAsync(1, "ISAKMP SA", "Main Mode with PSK, then Quick Mode", "IPsec SA", "Quick Mode", "Informational Deletes");

    private async Task RunPairAsync(int version, string ikeSa, string handshake, string childSa, string rekeyExchange, string deleteExchange)
    {
        await using var pair = new DemoDaemonPair(version);
        string v = pair.Label;
        pair.Start();
        Progress($"{v}: started daemons west (127.0.0.1:{pair.WestPort}) and east (127.0.0.1:{pair.EastPort}) from the embedded configuration");
        string id = await pair.UpAsync().ConfigureAwait(false);
        var (west, _) = await pair.ChildSasAsync().ConfigureAwait(false);
        Progress($"{v}: {ikeSa} {id} established ({handshake}), {childSa} in 0x{west.InboundSpi} out 0x{west.OutboundSpi} {west.Algorithms}");
        var (toEast, toWest) = await pair.TrafficAsync(PacketsPerStep).ConfigureAwait(false);
        Progress($"{v}: traffic {toEast} packets west->east and {toWest} east->west encrypted, decrypted and verified");
        var (rekeyed, _) = await pair.RekeyChildAsync(west).ConfigureAwait(false);
        Progress($"{v}: {childSa} rekeyed ({rekeyExchange}), in 0x{west.InboundSpi} replaced by 0x{rekeyed.InboundSpi}");
        (toEast, toWest) = await pair.TrafficAsync(PacketsPerStep).ConfigureAwait(false);
        Progress($"{v}: traffic on the new {childSa}, {toEast} packets west->east and {toWest} east->west");
        var (westStatus, eastStatus) = await pair.StatusAsync().ConfigureAwait(false);
        CheckCounters($"{v} west", westStatus);
        CheckCounters($"{v} east", eastStatus);
        Progress($"{v}: status of west and east (counters of the rekeyed {childSa})");
        output.Write(Indent(StatusTable.Format(westStatus)));
        output.Write(Indent(StatusTable.Format(eastStatus)));
        await pair.DownAsync().ConfigureAwait(false);
        Progress($"{v}: deleted ({deleteExchange}), neither side has an SA left");
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
