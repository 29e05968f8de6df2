using DotSwan.Daemon.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace DotSwan.Daemon;

/// <summary>Builds the daemon's Generic Host from a validated configuration: logging (one category per subsystem, levels from daemon.logging) and <see cref="DotSwanService"/>.</summary>
public static class DaemonHost
{
    /// <summary>The host for <paramref name="config"/>; run it with <c>RunAsync</c> (stops on SIGTERM/SIGINT).</summary>
    public static IHost Build(DotSwanConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            options.UseUtcTimestamp = true;
            options.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.Logging.SetMinimumLevel(config.Daemon.DefaultLogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        foreach (var (subsystem, level) in config.Daemon.LogLevels)
        {
            builder.Logging.AddFilter(CategoryOf(subsystem), level);
        }

        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(config);
        builder.Services.AddHostedService<DotSwanService>(provider => new DotSwanService(config, provider.GetRequiredService<ILoggerFactory>()));
        return builder.Build();
    }

    /// <summary>The logging category of a subsystem name used in daemon.logging (ike → DotSwan.Ike).</summary>
    public static string CategoryOf(string subsystem)
    {
        ArgumentNullException.ThrowIfNull(subsystem);
        return subsystem.Length == 0 ? "DotSwan" : "DotSwan." + char.ToUpperInvariant(subsystem[0]) + subsystem[1..];
    }
}
