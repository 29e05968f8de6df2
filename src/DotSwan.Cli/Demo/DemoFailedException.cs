namespace DotSwan.Cli.Demo;

/// <summary>A step of <c>dotswan demo</c> did not do what it should; the message is the one-line reason shown to the user.</summary>
internal sealed class DemoFailedException : Exception
{
    public DemoFailedException()
    {
    }

    public DemoFailedException(string message)
        : base(message)
    {
    }

    public DemoFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
