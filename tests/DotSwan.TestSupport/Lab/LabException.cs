namespace DotSwan.TestSupport.Lab;

/// <summary>A lab step (namespace setup, starting a daemon, a bounded wait) failed.</summary>
public sealed class LabException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public LabException() { }

    /// <summary>Creates the exception with a message.</summary>
    public LabException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public LabException(string message, Exception innerException) : base(message, innerException) { }
}
