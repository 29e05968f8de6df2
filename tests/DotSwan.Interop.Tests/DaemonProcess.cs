using System.Diagnostics;
using System.Text.Json;

namespace DotSwan.Interop.Tests;

/// <summary>
/// The real `dotswan daemon --config FILE` process in a namespace (TUN data plane), plus the CLI talking to it over its
/// control socket from outside the namespace (a Unix socket lives in the file system, not the network namespace).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class DaemonProcess : IDisposable
{
    private readonly DetachedProcess _process;

    private DaemonProcess(DetachedProcess process, string socket)
    {
        _process = process;
        Socket = socket;
    }

    public int Pid => _process.Pid;

    public string ProcessName => _process.ProcessName;

    public string Socket { get; }

    /// <summary>The configuration file the daemon was started with (rewrite it and call `dotswan reload`).</summary>
    public string ConfigPath { get; private init; } = "";

    public string Output => _process.ReadOutput();

    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "dotswan.dll");

    private static string Dotnet => LabRequirements.FindOnPath("dotnet") ?? Environment.ProcessPath ?? "dotnet";

    /// <summary>Writes <paramref name="yaml"/> (mode 0600), starts the daemon and waits (bounded) until it says it is ready.</summary>
    public static DaemonProcess Start(NetworkNamespace ns, string workDirectory, string yaml, string socket, string tag = "dotswan")
    {
        string config = Path.Combine(workDirectory, tag + ".yaml");
        File.WriteAllText(config, yaml);
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var process = DetachedProcess.Start(ns, Dotnet, [CliDll, "daemon", "--config", config], workDirectory, tag + "-daemon");
        var started = new DaemonProcess(process, socket) { ConfigPath = config };
        var daemon = started;
        var clock = Stopwatch.StartNew();
        while (!process.ReadOutput().Contains("dotswan daemon ready", StringComparison.Ordinal))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30) || !process.IsRunning)
            {
                string output = process.ReadOutput();
                daemon.Dispose();
                throw new LabException($"dotswan daemon in {ns.Name} did not get ready: {output}");
            }

            Thread.Sleep(100);
        }

        return daemon;
    }

    /// <summary>Runs `dotswan --socket S ARGS` (bounded) and returns its result.</summary>
    public CommandResult Cli(params string[] arguments) =>
        LabCommand.Run(Dotnet, [CliDll, "--socket", Socket, .. arguments], TimeSpan.FromSeconds(40));

    /// <summary>`dotswan status --json`, parsed.</summary>
    public JsonElement StatusJson()
    {
        var result = Cli("status", "--json");
        Assert.True(result.Succeeded, result.ToString());
        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }

    /// <summary>SIGTERM and a bounded wait: the daemon sends Deletes and exits.</summary>
    public bool Stop() => _process.Stop(TimeSpan.FromSeconds(15));

    public void Dispose() => _process.Dispose();
}
