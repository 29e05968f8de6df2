using System.Diagnostics;
using System.Globalization;
using DotSwan.Cli.Status;
using DotSwan.Daemon.Control;

namespace DotSwan.Cli.Demo.Netns;

/// <summary>
/// What <c>dotswan demo --netns</c> does (root): the demo over real TUN devices. Two network namespaces joined by a veth
/// pair (192.0.2.1 and .2), a dotswan daemon in each (TUN data plane, ESP in UDP 4500), <c>up</c>, pings between the
/// private inner addresses through the tunnel both ways, a Child SA rekey and pings again, both status tables, <c>down</c>
/// and a ping that no longer passes. Everything it made (daemons, namespaces with their veth and TUN devices, the
/// temporary directory) is removed on every way out: success, failure, timeout or Ctrl-C.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class NetnsDemo(TextWriter output, TextWriter error)
{
    /// <summary>Pings per direction and step.</summary>
    public const int Pings = 5;

    private static readonly TimeSpan ControlTimeout = TimeSpan.FromSeconds(30);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _step;

    /// <summary>How long the whole run may take.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(120);

    /// <summary>Runs every step, then cleans up; throws <see cref="DemoFailedException"/> (or <see cref="OperationCanceledException"/>) after cleaning up.</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        output.WriteLine("DotSwan demo --netns: two dotswan daemons in network namespaces, TUN data plane, pings through the tunnel.");
        var directory = Directory.CreateTempSubdirectory("dotswan-demo-");
        DemoNamespacePair? namespaces = null;
        DemoDaemonProcess? west = null;
        DemoDaemonProcess? east = null;
        bool failed = true;
        try
        {
            File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            namespaces = DemoNamespacePair.Create();
            Progress($"namespaces {namespaces.West} ({DemoNamespacePair.WestOuter}, inner {DemoNamespacePair.WestInner}) and {namespaces.East} "
                + $"({DemoNamespacePair.EastOuter}, inner {DemoNamespacePair.EastInner}) joined by a veth pair");
            cancel.ThrowIfCancellationRequested();

            string westSocket = Path.Combine(directory.FullName, "west.sock");
            string eastSocket = Path.Combine(directory.FullName, "east.sock");
            east = StartDaemon(namespaces.East, "east", directory.FullName, NetnsDemoConfiguration.Yaml("east", "west", "192.0.2.2", "192.0.2.1",
                "10.2.0.0/24", "10.1.0.0/24", "dswdemo0", eastSocket), cancel);
            west = StartDaemon(namespaces.West, "west", directory.FullName, NetnsDemoConfiguration.Yaml("west", "east", "192.0.2.1", "192.0.2.2",
                "10.1.0.0/24", "10.2.0.0/24", "dswdemo0", westSocket), cancel);
            Progress($"daemons west (PID {west.Pid}) and east (PID {east.Pid}) ready, each with TUN device dswdemo0 in its namespace");

            var up = await Control(westSocket, new ControlRequest("up", DemoConfiguration.Connection, TimeoutSeconds: 20), cancel).ConfigureAwait(false);
            var child = SingleChild(await Status(westSocket, cancel).ConfigureAwait(false), "west");
            Progress($"IKE SA {(up.ResultAs<ActionResult>()?.IkeSas is [var ikeSa, ..] ? ikeSa : "?")} established (IKE_SA_INIT, IKE_AUTH with PSK), "
                + $"Child SA in 0x{child.InboundSpi} out 0x{child.OutboundSpi} {child.Algorithms}");

            PingBothWays(namespaces, cancel);
            Progress($"ping {DemoNamespacePair.WestInner} <-> {DemoNamespacePair.EastInner} through the tunnel: {Pings}/{Pings} replies each way");

            await Control(westSocket, new ControlRequest("rekey", DemoConfiguration.Connection), cancel).ConfigureAwait(false);
            // Done when the new Child SA is the only one (the old one deleted).
            var rekeyed = await WaitFor(async () => (await Status(westSocket, cancel).ConfigureAwait(false)).IkeSas
                .SelectMany(i => i.Children).ToList() is [var only] && only.InboundSpi != child.InboundSpi ? only : null, "the rekeyed Child SA", cancel).ConfigureAwait(false);
            Progress($"Child SA rekeyed (CREATE_CHILD_SA), in 0x{child.InboundSpi} replaced by 0x{rekeyed.InboundSpi}");
            PingBothWays(namespaces, cancel);
            Progress($"ping through the new Child SA: {Pings}/{Pings} replies each way");

            var westStatus = await Status(westSocket, cancel).ConfigureAwait(false);
            var eastStatus = await Status(eastSocket, cancel).ConfigureAwait(false);
            foreach (var (side, status) in new[] { ("west", westStatus), ("east", eastStatus) })
            {
                var c = SingleChild(status, side);
                if (c.PacketsIn < Pings * 2 || c.PacketsOut < Pings * 2)
                {
                    throw new DemoFailedException(string.Create(CultureInfo.InvariantCulture,
                        $"{side}: the Child SA counted {c.PacketsIn} packets in and {c.PacketsOut} out, expected at least {Pings * 2} each"));
                }
            }

            Progress("status of west and east (counters of the rekeyed Child SA)");
            output.Write(Indent(StatusTable.Format(westStatus)));
            output.Write(Indent(StatusTable.Format(eastStatus)));

            await Control(westSocket, new ControlRequest("down", DemoConfiguration.Connection), cancel).ConfigureAwait(false);
            await WaitFor(async () => (await Status(eastSocket, cancel).ConfigureAwait(false)).IkeSas.All(i => i.State != "established") ? "" : null,
                "east to drop the IKE SA", cancel).ConfigureAwait(false);
            var after = DemoNamespacePair.Ping(namespaces.West, DemoNamespacePair.WestInner, DemoNamespacePair.EastInner, 1);
            if (after.Received != 0)
            {
                throw new DemoFailedException("a ping went through after down");
            }

            Progress("deleted (INFORMATIONAL with Delete); a ping after down gets no reply");
            failed = false;
        }
        finally
        {
            if (failed)
            {
                foreach (var daemon in new[] { west, east })
                {
                    if (daemon is not null)
                    {
                        error.WriteLine($"daemon {daemon.Name} log (last lines):");
                        foreach (string line in daemon.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(15))
                        {
                            error.WriteLine("    " + line.TrimEnd());
                        }
                    }
                }
            }

            Cleanup(west, east, namespaces, directory);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"demo complete: {_step} steps ok in {_clock.Elapsed.TotalSeconds:0.0} s"));
    }

    private void Cleanup(DemoDaemonProcess? west, DemoDaemonProcess? east, DemoNamespacePair? namespaces, DirectoryInfo directory)
    {
        var notes = new List<string>();
        foreach (var daemon in new[] { west, east })
        {
            if (daemon is not null)
            {
                bool clean = daemon.Stop(TimeSpan.FromSeconds(10));
                daemon.Dispose();
                notes.Add($"daemon {daemon.Name} {(clean ? "stopped" : "killed")}");
            }
        }

        if (namespaces is not null)
        {
            namespaces.Dispose();
            notes.Add(namespaces.TeardownErrors.Count == 0 ? "namespaces deleted" : $"namespaces NOT all deleted: {string.Join("; ", namespaces.TeardownErrors)}");
        }

        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException e)
        {
            notes.Add($"{directory.FullName} left behind: {e.Message}");
        }

        output.WriteLine($"cleaned up: {string.Join(", ", notes)}");
    }

    private static DemoDaemonProcess StartDaemon(string ns, string name, string directory, string yaml, CancellationToken cancel)
    {
        string config = Path.Combine(directory, name + ".yaml");
        File.WriteAllText(config, yaml);
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return DemoDaemonProcess.Start(ns, name, config, TimeSpan.FromSeconds(30), cancel);
    }

    private static void PingBothWays(DemoNamespacePair namespaces, CancellationToken cancel)
    {
        foreach (var (ns, from, to) in new[]
        {
            (namespaces.West, DemoNamespacePair.WestInner, DemoNamespacePair.EastInner),
            (namespaces.East, DemoNamespacePair.EastInner, DemoNamespacePair.WestInner),
        })
        {
            cancel.ThrowIfCancellationRequested();
            var (received, outcome) = DemoNamespacePair.Ping(ns, from, to, Pings);
            cancel.ThrowIfCancellationRequested();
            if (received != Pings)
            {
                throw new DemoFailedException(string.Create(CultureInfo.InvariantCulture,
                    $"ping {from} -> {to} in {ns}: {received}/{Pings} replies ({outcome.Output.Trim().Split('\n').LastOrDefault()})"));
            }
        }
    }

    private static async Task<ControlResponse> Control(string socket, ControlRequest request, CancellationToken cancel)
    {
        ControlResponse response;
        try
        {
            response = await ControlClient.SendAsync(socket, request, ControlTimeout).WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (ControlUnavailableException e)
        {
            throw new DemoFailedException($"{request.Command}: {e.Message}", e);
        }

        return response.Ok ? response : throw new DemoFailedException($"{request.Command} {request.Target}: {response.Message}");
    }

    private static async Task<StatusReport> Status(string socket, CancellationToken cancel) =>
        (await Control(socket, new ControlRequest("status"), cancel).ConfigureAwait(false)).ResultAs<StatusReport>()
        ?? throw new DemoFailedException("status: no result");

    private static ChildSaStatus SingleChild(StatusReport status, string side)
    {
        var children = status.IkeSas.Where(i => i.State == "established").SelectMany(i => i.Children).ToList();
        return children.Count == 1 ? children[0]
            : throw new DemoFailedException(string.Create(CultureInfo.InvariantCulture, $"{side}: {children.Count} Child SAs established, expected 1"));
    }

    private static async Task<T> WaitFor<T>(Func<Task<T?>> probe, string what, CancellationToken cancel)
        where T : class
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (await probe().ConfigureAwait(false) is { } found)
            {
                return found;
            }

            await Task.Delay(100, cancel).ConfigureAwait(false);
        }

        throw new DemoFailedException($"waited 10 s for {what}");
    }

    private static string Indent(string text) =>
        string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => "    " + l + "\n"));

    private void Progress(string what)
    {
        _step++;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_step,2}] {_clock.Elapsed.TotalSeconds,5:0.00}s ok  {what}"));
    }
}
