namespace DotSwan.Daemon.Control;

/// <summary>The daemon could not be reached over its control socket.</summary>
public sealed class ControlUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ControlUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ControlUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ControlUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
