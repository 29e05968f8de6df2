using System.CommandLine;
using DotSwan.Cli.Commands;

namespace DotSwan.Cli;

/// <summary>Entry point of the dotswan command.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command; see <c>dotswan --help</c>.</summary>
    public static int Main(string[] args) => Parse(args).Invoke();

    /// <summary>The parsed command line (tests invoke it with their own output writers).</summary>
    internal static ParseResult Parse(string[] args)
    {
        var root = new RootCommand("dotswan: IKEv1/IKEv2 and IPsec for .NET")
        {
            DaemonCommand.Create(),
            ConfigCommand.Create(),
            DecodeCommand.Create(),
            DemoCommand.Create(),
        };
        foreach (var command in ControlCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        root.Options.Add(ControlCommands.SocketOption);
        return root.Parse(args);
    }
}
