namespace DotSwan.TestSupport.Lab;

/// <summary>The outcome of one bounded command run by <see cref="LabCommand"/>.</summary>
/// <param name="CommandLine">The command as run, for messages.</param>
/// <param name="ExitCode">The exit code (-1 when it timed out and was killed).</param>
/// <param name="StandardOutput">Everything it wrote to stdout.</param>
/// <param name="StandardError">Everything it wrote to stderr.</param>
/// <param name="TimedOut">True when it did not finish in time and was killed.</param>
public sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    /// <summary>True when it finished in time with exit code 0.</summary>
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>Throws <see cref="LabException"/> with the command's output unless it succeeded; returns itself for chaining.</summary>
    public CommandResult EnsureSuccess() =>
        Succeeded ? this : throw new LabException($"command failed: {this}");

    /// <summary>The command, its exit status and its output, for failure messages.</summary>
    public override string ToString() =>
        $"{CommandLine} -> {(TimedOut ? "timed out" : $"exit {ExitCode}")}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
