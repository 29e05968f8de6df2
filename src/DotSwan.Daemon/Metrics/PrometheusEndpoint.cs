using System.Globalization;
using System.Net;
using System.Text;
using DotSwan.Daemon.Control;
using Microsoft.Extensions.Logging;

namespace DotSwan.Daemon.Metrics;

/// <summary>
/// An optional Prometheus text endpoint (<c>daemon.metrics_listen: 127.0.0.1:9107</c>): GET /metrics answers every
/// counter of <c>dotswan stats</c> as <c>dotswan_NAME VALUE</c> (dots and other characters become underscores,
/// text format 0.0.4). Read-only, no secrets; bind it to loopback or a management address.
/// </summary>
public sealed class PrometheusEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<Task<StatsReport>> _stats;
    private readonly ILogger _logger;
    private Task? _serving;

    /// <summary>An endpoint on <paramref name="endPoint"/> reading counters from <paramref name="stats"/>.</summary>
    public PrometheusEndpoint(IPEndPoint endPoint, Func<Task<StatsReport>> stats, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        _stats = stats;
        _logger = logger;
        string host = endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]" : endPoint.Address.ToString();
        Prefix = string.Create(CultureInfo.InvariantCulture, $"http://{host}:{endPoint.Port}/metrics/");
        _listener.Prefixes.Add(Prefix);
    }

    /// <summary>The URL prefix served.</summary>
    public string Prefix { get; }

    /// <summary>Starts serving.</summary>
    public void Start()
    {
        _listener.Start();
        _serving = Task.Run(Serve);
        _logger.LogInformation("Prometheus metrics on {Prefix}", Prefix);
    }

    /// <summary>The text exposition of <paramref name="stats"/>.</summary>
    public static string Format(StatsReport stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var text = new StringBuilder();
        foreach (var (name, value) in stats.Counters.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            string metric = "dotswan_" + new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_')]);
            text.Append(metric).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"dotswan_start_time_seconds {stats.StartedAt.ToUnixTimeSeconds()}\n");
        return text.ToString();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        if (_serving is not null)
        {
            await _serving.ConfigureAwait(false);
        }
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                var body = Encoding.UTF8.GetBytes(Format(await _stats().ConfigureAwait(false)));
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                _logger.LogDebug("metrics request failed: {Message}", e.Message);
            }
        }
    }
}
