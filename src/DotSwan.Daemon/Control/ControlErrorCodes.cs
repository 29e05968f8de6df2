namespace DotSwan.Daemon.Control;

/// <summary>The error codes of the control protocol; scripts may rely on them.</summary>
public static class ControlErrorCodes
{
    /// <summary>The line was not a JSON request.</summary>
    public const string BadRequest = "bad_request";

    /// <summary>No such command.</summary>
    public const string UnknownCommand = "unknown_command";

    /// <summary>No connection, manual tunnel or SA of that name or id.</summary>
    public const string NotFound = "not_found";

    /// <summary>The command ran and failed (e.g. negotiation failed); the message says why.</summary>
    public const string Failed = "failed";

    /// <summary>The command did not finish in time.</summary>
    public const string Timeout = "timeout";

    /// <summary>The daemon cannot do that (yet, or with this configuration).</summary>
    public const string NotSupported = "not_supported";
}
