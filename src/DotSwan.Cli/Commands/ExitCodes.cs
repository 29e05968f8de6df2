namespace DotSwan.Cli.Commands;

/// <summary>Exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Success = 0;

    /// <summary>The command ran, but some of its work failed (each failure is printed).</summary>
    public const int PartialFailure = 1;

    /// <summary>Bad usage or unreadable input: nothing was done.</summary>
    public const int UsageOrInputError = 2;
}
