using System.CommandLine;

namespace DotSwan.Cli;

/// <summary>Entry point of the dotswan command.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("DotSwan: IKEv1/IKEv2 and IPsec for .NET");
        return root.Parse(args).Invoke();
    }
}
