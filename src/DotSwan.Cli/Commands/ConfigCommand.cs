using System.CommandLine;
using DotSwan.Daemon.Configuration;

namespace DotSwan.Cli.Commands;

/// <summary><c>dotswan config check FILE</c>: validates a configuration without starting anything.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The daemon's YAML configuration (e.g. /etc/dotswan/dotswan.yaml)." };
        var check = new Command("check", "Validate a configuration file (syntax, values, secrets' permissions, what the engines support) without starting the daemon.")
        {
            file,
        };
        check.SetAction(parse => Check(parse.GetValue(file)!.FullName, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return new Command("config", "Work with configuration files.") { check };
    }

    /// <summary>Prints every error and warning (file:line:column: key: message); 0 when usable, 2 otherwise.</summary>
    public static int Check(string path, TextWriter output, TextWriter error)
    {
        var result = ConfigLoader.Load(path);
        var errors = result.Errors.ToList();
        if (result.Config is not null)
        {
            errors.AddRange(EngineSupport.Check(result.Config));
        }

        foreach (var warning in result.Warnings)
        {
            error.WriteLine($"warning: {warning}");
        }

        foreach (var problem in errors)
        {
            error.WriteLine($"error: {problem}");
        }

        if (errors.Count > 0)
        {
            error.WriteLine($"{path}: {errors.Count} error(s); nothing was started");
            return ExitCodes.UsageOrInputError;
        }

        var config = result.Config!;
        output.WriteLine($"{path}: OK, {config.Connections.Count} connection(s), {config.Manual.Count} manual tunnel(s), "
            + $"data plane {config.Daemon.DataPlane.ToString().ToLowerInvariant()}, control socket {config.Daemon.ControlSocket}");
        return ExitCodes.Success;
    }
}
