using System.Diagnostics;
using System.Globalization;

namespace DotSwan.Interop.Tests;

/// <summary>DotSwan.Ike.TestHost (IKEv2 responder + TUN data plane) run in a namespace; stops by PID, reads its counters.</summary>
internal sealed class IkeTestHostProcess : IDisposable
{
    /// <summary>
    /// How many bytes an iperf3 run through the host's Child SA sends: past the hard volume limit (100 MiB). The host
    /// installs its SAs with a soft limit of 50 MiB and turns the soft-limit event into a Child SA rekey through the engine
    /// (as the daemon does), so the transfer moves on to fresh SAs; before, the SA ran into its hard limit and TCP stalled
    /// (HardExpired drops), which capped these runs at 32 MiB.
    /// </summary>
    public const long Iperf3Bytes = 128L * 1024 * 1024;

    /// <summary>
    /// The time limit of such a run (<see cref="Iperf3.RunTcp"/> kills the client 30 s after it): strongSwan's
    /// kernel-libipsec moved 110-450 Mbit/s here depending on the load, so 128 MiB take 2-10 s, more with the other helpers' load.
    /// </summary>
    public const int Iperf3Seconds = 60;

    private readonly DetachedProcess _process;

    private IkeTestHostProcess(DetachedProcess process) => _process = process;

    public int Pid => _process.Pid;

    public string ProcessName => _process.ProcessName;

    public string Output => _process.ReadOutput();

    public static string HostDll => Path.Combine(AppContext.BaseDirectory, "DotSwan.Ike.TestHost.dll");

    /// <summary>Starts the host and waits (bounded) until it says it listens.</summary>
    public static IkeTestHostProcess Start(NetworkNamespace ns, string workDirectory, IEnumerable<string> arguments)
    {
        string dotnet = LabRequirements.FindOnPath("dotnet") ?? Environment.ProcessPath ?? "dotnet";
        var process = DetachedProcess.Start(ns, dotnet, new[] { HostDll }.Concat(arguments), workDirectory, "ike-host");
        var host = new IkeTestHostProcess(process);
        var clock = Stopwatch.StartNew();
        while (!process.ReadOutput().Contains("ready", StringComparison.Ordinal))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30) || !process.IsRunning)
            {
                string output = process.ReadOutput();
                host.Dispose();
                throw new LabException($"IKE test host in {ns.Name} did not get ready: {output}");
            }

            Thread.Sleep(100);
        }

        return host;
    }

    /// <summary>Stops the host (SIGTERM, bounded) and parses the `name=number` lines it printed on exit.</summary>
    public IReadOnlyDictionary<string, long> StopAndReadCounters()
    {
        Assert.True(_process.Stop(TimeSpan.FromSeconds(10)), $"IKE host {Pid} did not stop");
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string line in Output.Split('\n', StringSplitOptions.TrimEntries))
        {
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && !line.Contains(' ', StringComparison.Ordinal)
                && long.TryParse(line.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                counters[line[..equals]] = value;
            }
        }

        return counters;
    }

    public void Dispose() => _process.Dispose();
}
