using DotSwan.Daemon.Configuration;
using DotSwan.Daemon.Control;
using DotSwan.Daemon.Runtime;
using DotSwan.Daemon.Systemd;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DotSwan.Daemon;

/// <summary>
/// The daemon as a Generic Host service: on start it binds the IKE sockets, opens the data plane, starts the engine loop
/// and the control socket and tells systemd it is ready; on stop (SIGTERM, Ctrl-C) it sends Deletes for every established
/// IKE SA, waits briefly for the answers, removes the Child SAs and closes everything.
/// </summary>
public sealed class DotSwanService : IHostedService, IAsyncDisposable
{
    private readonly DotSwanConfig _config;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly SystemdNotifier _notifier;
    private readonly DaemonMetrics _metrics;
    private DaemonRuntime? _runtime;
    private ControlServer? _control;
    private Metrics.PrometheusEndpoint? _prometheus;
    private System.Runtime.InteropServices.PosixSignalRegistration? _hangup;

    /// <summary>The service for <paramref name="config"/>.</summary>
    public DotSwanService(DotSwanConfig config, ILoggerFactory loggers, SystemdNotifier? notifier = null)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _config = config;
        _loggers = loggers;
        _logger = loggers.CreateLogger("DotSwan.Daemon");
        _notifier = notifier ?? new SystemdNotifier();
        _metrics = new DaemonMetrics();
    }

    /// <summary>How long shutdown waits for the peers to answer our Deletes.</summary>
    public static TimeSpan DeleteTimeout { get; } = TimeSpan.FromSeconds(3);

    /// <summary>The running daemon (null before start and after stop), for in-process runs such as <c>dotswan demo</c>.</summary>
    internal DaemonRuntime? Runtime => _runtime;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("dotswan daemon starting with {Config}: {Connections} connection(s), {Manual} manual tunnel(s)",
            _config.Path, _config.Connections.Count, _config.Manual.Count);
        _runtime = new DaemonRuntime(_config, _loggers, _metrics);
        try
        {
            _runtime.Start();
        }
        catch
        {
            // A connection that cannot load (a key, a certificate): close the sockets already bound before failing.
            _runtime.Dispose();
            _runtime = null;
            throw;
        }

        _control = new ControlServer(_config.Daemon.ControlSocket, _runtime.ExecuteAsync, _loggers.CreateLogger("DotSwan.Control"));
        _control.Start();
        if (_config.Daemon.MetricsListen is { } metrics)
        {
            var runtime = _runtime;
            _prometheus = new Metrics.PrometheusEndpoint(metrics,
                async () => (await runtime.ExecuteAsync(new ControlRequest("stats")).ConfigureAwait(false)).ResultAs<StatsReport>()!,
                _loggers.CreateLogger("DotSwan.Daemon"));
            _prometheus.Start();
        }

        // SIGHUP reloads the configuration, as with most daemons (systemctl reload).
        var reloading = _runtime;
        _hangup = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            _ = Task.Run(async () =>
            {
                var response = await reloading.ExecuteAsync(new ControlRequest("reload")).ConfigureAwait(false);
                if (!response.Ok)
                {
                    _logger.LogWarning("reload refused: {Message}", response.Message);
                }
            });
        });
        _notifier.Notify($"READY=1\nSTATUS={_config.Connections.Count} connection(s) loaded\nMAINPID={Environment.ProcessId}");
        _logger.LogInformation("dotswan daemon ready");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _notifier.Notify("STOPPING=1");
        _hangup?.Dispose();
        _hangup = null;
        _logger.LogInformation("dotswan daemon stopping");
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync().ConfigureAwait(false);
            _prometheus = null;
        }

        if (_control is not null)
        {
            await _control.DisposeAsync().ConfigureAwait(false);
            _control = null;
        }

        if (_runtime is not null)
        {
            await _runtime.ShutdownAsync(DeleteTimeout).ConfigureAwait(false);
            _runtime.Dispose();
            _runtime = null;
        }

        _logger.LogInformation("dotswan daemon stopped");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_control is not null)
        {
            await _control.DisposeAsync().ConfigureAwait(false);
        }

        _runtime?.Dispose();
        _metrics.Dispose();
    }
}
