using System.Diagnostics;
using System.Globalization;
using DotSwan.TestSupport.Lab;

namespace DotSwan.Ipsec.Tests.Tun;

/// <summary>DotSwan.Ipsec.TunHost started in a namespace (DetachedProcess), waited for until it prints "ready", stopped by PID.</summary>
internal sealed class TunHostProcess : IDisposable
{
    private readonly DetachedProcess _process;

    private TunHostProcess(DetachedProcess process) => _process = process;

    public int Pid => _process.Pid;

    public string ProcessName => _process.ProcessName;

    public bool IsRunning => _process.IsRunning;

    public static string HostDll => Path.Combine(AppContext.BaseDirectory, "DotSwan.Ipsec.TunHost.dll");

    public static TunHostProcess Start(NetworkNamespace ns, string workDirectory, string tag, IEnumerable<string> arguments)
    {
        string dotnet = LabRequirements.FindOnPath("dotnet") ?? Environment.ProcessPath ?? "dotnet";
        var process = DetachedProcess.Start(ns, dotnet, new[] { HostDll }.Concat(arguments), workDirectory, tag);
        var host = new TunHostProcess(process);
        var clock = Stopwatch.StartNew();
        while (!process.ReadOutput().Contains("ready", StringComparison.Ordinal))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30) || !process.IsRunning)
            {
                string output = process.ReadOutput();
                host.Dispose();
                throw new LabException($"TUN host {tag} in {ns.Name} did not get ready: {output}");
            }

            Thread.Sleep(100);
        }

        return host;
    }

    public string Output => _process.ReadOutput();

    /// <summary>SIGTERM, wait (bounded) for the counters it prints on exit, and parse its key=value lines.</summary>
    public IReadOnlyDictionary<string, long> StopAndReadCounters()
    {
        Assert.True(_process.Stop(TimeSpan.FromSeconds(10)), $"host {Pid} did not stop");
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
