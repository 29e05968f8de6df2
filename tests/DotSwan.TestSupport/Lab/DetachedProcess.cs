using System.Globalization;

namespace DotSwan.TestSupport.Lab;

/// <summary>
/// A daemon started inside a namespace in its own session (`ip netns exec NS setsid -f`), with stdout and stderr
/// going to a file. Its real PID is written by the launching shell just before it execs the program, so Dispose can
/// stop exactly that process: SIGTERM, then SIGKILL after a bounded wait. Suits charon-systemd and, later, a DotSwan daemon.
/// </summary>
public sealed class DetachedProcess : IDisposable
{
    // $0 = PID file, $1 = output file, the rest = program and arguments. The shell's PID is the program's after exec.
    private const string Launcher = "echo $$ > \"$0\"; out=\"$1\"; shift; exec \"$@\" > \"$out\" 2>&1 < /dev/null";

    private DetachedProcess(int pid, string processName, string outputPath)
    {
        Pid = pid;
        ProcessName = processName;
        OutputPath = outputPath;
    }

    /// <summary>The daemon's PID (in the initial PID namespace: network namespaces share PIDs).</summary>
    public int Pid { get; }

    /// <summary>The name /proc/PID/comm shows for it; checked before every signal.</summary>
    public string ProcessName { get; }

    /// <summary>The file receiving its stdout and stderr.</summary>
    public string OutputPath { get; }

    /// <summary>True while the daemon runs.</summary>
    public bool IsRunning => LabProcess.IsRunning(Pid, ProcessName);

    /// <summary>
    /// Starts <paramref name="program"/> in <paramref name="ns"/> and waits (at most 5 s) for its PID file.
    /// <paramref name="workDirectory"/> receives the PID file and the output file (named after <paramref name="tag"/>).
    /// </summary>
    public static DetachedProcess Start(
        NetworkNamespace ns, string program, IEnumerable<string> arguments, string workDirectory, string tag,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(ns);
        string pidFile = Path.Combine(workDirectory, tag + ".pid");
        string outputFile = Path.Combine(workDirectory, tag + ".out");
        File.Delete(pidFile);
        var launch = ns.Run(
            "setsid", new[] { "-f", "/bin/sh", "-c", Launcher, pidFile, outputFile, program }.Concat(arguments),
            TimeSpan.FromSeconds(10), environment);
        if (!launch.Succeeded) { throw new LabException($"starting {program} in {ns.Name} failed: {launch}"); }

        int pid = 0;
        for (int attempt = 0; attempt < 100 && pid == 0; attempt++)
        {
            if (File.Exists(pidFile)
                && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int read))
            {
                pid = read;
                break;
            }
            Thread.Sleep(50);
        }
        if (pid == 0) { throw new LabException($"{program} in {ns.Name} wrote no PID file {pidFile}"); }
        // comm is the executable's file name (cut to 15 characters by the kernel) once the shell has exec'd it.
        var process = new DetachedProcess(pid, Path.GetFileName(program), outputFile);
        for (int attempt = 0; attempt < 100 && !process.IsRunning && Directory.Exists($"/proc/{pid}"); attempt++) { Thread.Sleep(20); }
        return process;
    }

    /// <summary>What the daemon wrote to stdout/stderr so far (empty when nothing).</summary>
    public string ReadOutput() => File.Exists(OutputPath) ? File.ReadAllText(OutputPath) : "";

    /// <summary>Stops the daemon: SIGTERM, then SIGKILL when it has not exited within <paramref name="grace"/>. True when gone.</summary>
    public bool Stop(TimeSpan grace) => LabProcess.Stop(Pid, ProcessName, "TERM", grace);

    /// <summary>Stops the daemon (SIGTERM, SIGKILL after 5 s).</summary>
    public void Dispose() => Stop(TimeSpan.FromSeconds(5));
}
