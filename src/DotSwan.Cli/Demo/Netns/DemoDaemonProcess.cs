using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DotSwan.Cli.Demo.Netns;

/// <summary>
/// One <c>dotswan daemon --config FILE</c> started by the demo inside a namespace (<c>ip netns exec</c> runs it with the
/// same PID), with its output collected. Stop sends SIGTERM (the daemon deletes its SAs and exits) and kills it after a
/// bounded wait; only this process, by its PID.
/// </summary>
internal sealed class DemoDaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DemoDaemonProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the daemon in <paramref name="ns"/> and waits (bounded by <paramref name="timeout"/>, cancellable) until it
    /// says it is ready; throws <see cref="DemoFailedException"/> with its output when it exits or stays silent.
    /// </summary>
    public static DemoDaemonProcess Start(string ns, string name, string config, TimeSpan timeout, CancellationToken cancel)
    {
        var (program, prefix) = Self();
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["netns", "exec", ns, program, .. prefix, "daemon", "--config", config])
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var daemon = new DemoDaemonProcess(process, name);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!daemon.Output.Contains("dotswan daemon ready", StringComparison.Ordinal))
        {
            if (process.HasExited || clock.Elapsed > timeout || cancel.IsCancellationRequested)
            {
                daemon.Dispose();
                cancel.ThrowIfCancellationRequested();
                throw new DemoFailedException(string.Create(CultureInfo.InvariantCulture,
                    $"daemon {name} in {ns} {(process.HasExited ? $"exited with {process.ExitCode}" : "did not get ready")}: {Last(daemon.Output)}"));
            }

            Thread.Sleep(50);
        }

        return daemon;
    }

    /// <summary>SIGTERM, then at most <paramref name="grace"/> for the daemon's Deletes and exit, then SIGKILL; true when it exited by itself.</summary>
    public bool Stop(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return true;
        }

        BoundedCommand.Run("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
        if (_process.WaitForExit(grace))
        {
            return true;
        }

        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }

        _process.WaitForExit(TimeSpan.FromSeconds(5));
        return false;
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    /// <summary>How to run this same dotswan: the app itself, or the dotnet host with our dll.</summary>
    private static (string Program, string[] Prefix) Self()
    {
        string process = Environment.ProcessPath ?? "dotswan";
        string dll = typeof(DemoDaemonProcess).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && dll.Length > 0 ? (process, [dll]) : (process, []);
    }

    private static string Last(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(" | ", lines.TakeLast(3));
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
