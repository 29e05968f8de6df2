namespace DotSwan.Cli.Demo.Netns;

/// <summary>What a <see cref="BoundedCommand"/> did.</summary>
internal sealed record CommandOutcome(string CommandLine, int ExitCode, string Output, string Error, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>Throws <see cref="DemoFailedException"/> naming the command and its error output unless it succeeded.</summary>
    public CommandOutcome EnsureSuccess()
    {
        if (!Succeeded)
        {
            throw new DemoFailedException($"'{CommandLine}' {(TimedOut ? "timed out" : $"exited with {ExitCode}")}: {Error.Trim()}");
        }

        return this;
    }
}
