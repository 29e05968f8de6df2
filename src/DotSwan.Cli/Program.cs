using System.CommandLine;
using DotSwan.Cli.Commands;

namespace DotSwan.Cli;

/// <summary>Entry point of the dotswan command.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command; see <c>dotswan --help</c>.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("dotswan: IKEv1/IKEv2 and IPsec for .NET")
        {
            DecodeCommand.Create(),
            DemoCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
