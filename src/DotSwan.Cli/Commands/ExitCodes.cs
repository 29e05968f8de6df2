namespace DotSwan.Cli.Commands;

/// <summary>Exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Success = 0;

    /// <summary>The command ran, but some of its work failed (each failure is printed).</summary>
    public const int PartialFailure = 1;

    /// <summary>Bad usage or unreadable input (including an invalid configuration file): nothing was done.</summary>
    public const int UsageOrInputError = 2;

    /// <summary>No daemon answers on the control socket (not running, wrong --socket, no permission).</summary>
    public const int DaemonUnreachable = 3;

    /// <summary>The daemon knows no connection, tunnel or SA of that name.</summary>
    public const int NotFound = 4;

    /// <summary>The daemon did not finish in time (e.g. up without an established SA before --timeout).</summary>
    public const int Timeout = 5;

    /// <summary>The command needs root (dotswan demo --netns: network namespaces, veth and TUN devices); nothing was done.</summary>
    public const int NeedsRoot = 6;

    /// <summary>Interrupted (Ctrl-C, SIGTERM) after cleaning up (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
