using System.Diagnostics;

namespace DotSwan.Cli.Demo.Netns;

/// <summary>Runs a short command (no shell) with a time limit; one that overruns is killed (it is ours) and reported as timed out.</summary>
internal static class BoundedCommand
{
    public static CommandOutcome Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        string line = string.Join(' ', [program, .. info.ArgumentList]);
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new CommandOutcome(line, 127, "", e.Message, TimedOut: false);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(timeout);
        if (!exited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }

            process.WaitForExit(TimeSpan.FromSeconds(5));
        }

        // A grandchild holding our pipes must not hang us.
        Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(5));
        return new CommandOutcome(line, exited ? process.ExitCode : -1, stdout.IsCompletedSuccessfully ? stdout.Result : "",
            stderr.IsCompletedSuccessfully ? stderr.Result : "", !exited);
    }
}
