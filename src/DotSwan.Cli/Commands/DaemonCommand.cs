using System.CommandLine;
using DotSwan.Daemon;
using DotSwan.Daemon.Configuration;
using Microsoft.Extensions.Hosting;

namespace DotSwan.Cli.Commands;

/// <summary><c>dotswan daemon [--config FILE]</c>: runs the daemon in the foreground until SIGTERM or Ctrl-C (systemd: Type=notify).</summary>
internal static class DaemonCommand
{
    public const string DefaultConfig = "/etc/dotswan/dotswan.yaml";

    public static Command Create()
    {
        var config = new Option<FileInfo>("--config", "-c")
        {
            Description = $"The YAML configuration (default {DefaultConfig}).",
            DefaultValueFactory = _ => new FileInfo(DefaultConfig),
        };
        var command = new Command("daemon", "Run the IKE daemon in the foreground: UDP 500/4500, the IPsec data plane and the control socket; stops on SIGTERM/SIGINT after deleting its SAs.")
        {
            config,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(config)!.FullName, parse.InvocationConfiguration.Error));
        return command;
    }

    public static async Task<int> RunAsync(string path, TextWriter error)
    {
        var result = ConfigLoader.Load(path);
        var errors = result.Errors.Concat(result.Config is null ? [] : EngineSupport.Check(result.Config)).ToList();
        foreach (var warning in result.Warnings)
        {
            await error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        if (errors.Count > 0)
        {
            foreach (var problem in errors)
            {
                await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            }

            await error.WriteLineAsync($"dotswan daemon: {path} is not usable; nothing was started").ConfigureAwait(false);
            return ExitCodes.UsageOrInputError;
        }

        try
        {
            using var host = DaemonHost.Build(result.Config!);
            await host.RunAsync().ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            await error.WriteLineAsync($"dotswan daemon: cannot run: {e.Message}").ConfigureAwait(false);
            return ExitCodes.PartialFailure;
        }
    }
}
