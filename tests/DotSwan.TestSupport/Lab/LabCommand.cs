using System.Diagnostics;
using System.Text;

namespace DotSwan.TestSupport.Lab;

/// <summary>
/// Runs a short-lived command with a time limit and collects its output. A command that overruns is killed
/// (only that process and its children: we started it) and reported as timed out; nothing here waits unbounded.
/// </summary>
public static class LabCommand
{
    /// <summary>The time limit used when a caller gives none.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> (no shell), bounded by <paramref name="timeout"/>.</summary>
    public static CommandResult Run(
        string program, IEnumerable<string> arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) { info.ArgumentList.Add(argument); }
        if (environment is not null)
        {
            foreach (var (name, value) in environment) { info.Environment[name] = value; }
        }
        string commandLine = Describe(program, info.ArgumentList);
        var limit = timeout ?? DefaultTimeout;

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new CommandResult(commandLine, 127, "", e.Message, TimedOut: false);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(limit);
        if (!exited)
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { /* it exited meanwhile */ }
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        // A grandchild that kept our pipes open must not hang us: output reading is bounded too.
        Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(5));
        return new CommandResult(
            commandLine,
            exited ? process.ExitCode : -1,
            stdout.IsCompletedSuccessfully ? stdout.Result : "",
            stderr.IsCompletedSuccessfully ? stderr.Result : "",
            TimedOut: !exited);
    }

    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> with the default time limit.</summary>
    public static CommandResult Run(string program, params string[] arguments) => Run(program, arguments, timeout: null);

    /// <summary>A readable one-line form of a command, quoting arguments that contain spaces.</summary>
    public static string Describe(string program, IEnumerable<string> arguments)
    {
        var text = new StringBuilder(program);
        foreach (var argument in arguments)
        {
            text.Append(' ');
            text.Append(argument.Length == 0 || argument.Contains(' ', StringComparison.Ordinal) ? $"'{argument}'" : argument);
        }
        return text.ToString();
    }
}
