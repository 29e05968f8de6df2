using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DotSwan.Daemon;
using DotSwan.Daemon.Configuration;
using DotSwan.Daemon.Control;
using DotSwan.Daemon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace DotSwan.Cli.Demo;

/// <summary>
/// Two in-process DotSwan daemons on 127.0.0.1 (free high ports, memory data plane, control sockets in a temporary
/// directory) built from the embedded default configuration for one IKE version: "west" (10.1.0.0/24) initiates
/// connection "demo" (IKEv1: "demo-v1") to "east" (10.2.0.0/24). The same class runs the IKEv2 and the IKEv1 half of the demo: both are
/// the real daemon, only the configuration's <c>version</c> differs.
/// </summary>
internal sealed class DemoDaemonPair : IAsyncDisposable
{
    /// <summary>West's inner network host that sends.</summary>
    public static readonly IPAddress WestHost = IPAddress.Parse("10.1.0.1");

    /// <summary>East's inner network host that answers.</summary>
    public static readonly IPAddress EastHost = IPAddress.Parse("10.2.0.1");

    private readonly string _directory;
    private readonly int _version;
    private DotSwanService? _west;
    private DotSwanService? _east;

    /// <summary>A pair for IKE <paramref name="version"/> (1 or 2).</summary>
    public DemoDaemonPair(int version)
    {
        _version = version;
        _directory = Directory.CreateTempSubdirectory("dotswan-demo-").FullName;
    }

    /// <summary>"IKEv1" or "IKEv2", for messages.</summary>
    public string Label => _version == 1 ? "IKEv1" : "IKEv2";

    public int WestPort { get; private set; }

    public int EastPort { get; private set; }

    /// <summary>Loads the embedded configuration for both sides and starts both daemons.</summary>
    public void Start()
    {
        WestPort = FreeUdpPort();
        EastPort = FreeUdpPort();
        _east = StartDaemon(DemoConfiguration.Daemon(_version, "east", "west", EastPort, WestPort, FreeUdpPort(), "10.2.0.0/24", "10.1.0.0/24", _directory));
        _west = StartDaemon(DemoConfiguration.Daemon(_version, "west", "east", WestPort, EastPort, FreeUdpPort(), "10.1.0.0/24", "10.2.0.0/24", _directory));
    }

    /// <summary>IKE_SA_INIT and IKE_AUTH (IKEv1: Main Mode and Quick Mode) from west; the IKE SA id.</summary>
    public async Task<string> UpAsync()
    {
        var up = await West.ExecuteAsync(new ControlRequest("up", DemoConfiguration.ConnectionName(_version), TimeoutSeconds: 10)).ConfigureAwait(false);
        if (!up.Ok)
        {
            throw new DemoFailedException($"{Label} up failed: {up.Message}");
        }

        return up.ResultAs<ActionResult>()?.IkeSas is [{ } id, ..] ? id : throw new DemoFailedException($"{Label} up returned no IKE SA");
    }

    /// <summary>The Child SAs of both sides once each side has exactly one and they mirror each other.</summary>
    public async Task<(ChildSaStatus West, ChildSaStatus East)> ChildSasAsync(string? notInbound = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var west = (await StatusAsync(West).ConfigureAwait(false)).IkeSas.SelectMany(s => s.Children).ToList();
            var east = (await StatusAsync(East).ConfigureAwait(false)).IkeSas.SelectMany(s => s.Children).ToList();
            if (west is [{ } w] && east is [{ } e] && w.InboundSpi == e.OutboundSpi && w.OutboundSpi == e.InboundSpi && w.InboundSpi != notInbound)
            {
                return (w, e);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DemoFailedException(string.Create(CultureInfo.InvariantCulture,
                    $"{Label} Child SAs do not match: west has {west.Count}, east has {east.Count}"));
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>Sends <paramref name="count"/> packets each way through the memory data planes; the packets delivered each way.</summary>
    public async Task<(int WestToEast, int EastToWest)> TrafficAsync(int count)
    {
        int toEast = await MoveAsync(West, East, DemoPackets.Udp(WestHost, EastHost, count, "west->east")).ConfigureAwait(false);
        int toWest = await MoveAsync(East, West, DemoPackets.Udp(EastHost, WestHost, count, "east->west")).ConfigureAwait(false);
        return (toEast, toWest);
    }

    /// <summary>Asks west to rekey the Child SA (CREATE_CHILD_SA; IKEv1: a Quick Mode); the new pair once both sides have only it.</summary>
    public async Task<(ChildSaStatus West, ChildSaStatus East)> RekeyChildAsync(ChildSaStatus before)
    {
        var rekey = await West.ExecuteAsync(new ControlRequest("rekey", DemoConfiguration.ConnectionName(_version))).ConfigureAwait(false);
        if (!rekey.Ok)
        {
            throw new DemoFailedException($"{Label} Child SA rekey failed: {rekey.Message}");
        }

        return await ChildSasAsync(notInbound: before.InboundSpi).ConfigureAwait(false);
    }

    /// <summary>Both sides' status reports.</summary>
    public async Task<(StatusReport West, StatusReport East)> StatusAsync() =>
        (await StatusAsync(West).ConfigureAwait(false), await StatusAsync(East).ConfigureAwait(false));

    /// <summary>West deletes the IKE SA (INFORMATIONAL with Delete; IKEv1: Informational Deletes); returns once neither side has an SA left.</summary>
    public async Task DownAsync()
    {
        var down = await West.ExecuteAsync(new ControlRequest("down", DemoConfiguration.ConnectionName(_version))).ConfigureAwait(false);
        if (!down.Ok)
        {
            throw new DemoFailedException($"{Label} down failed: {down.Message}");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await StatusAsync(East).ConfigureAwait(false)).IkeSas.Count > 0 || (await StatusAsync(West).ConfigureAwait(false)).IkeSas.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new DemoFailedException($"{Label} delete: the peer still has the IKE SA after 10 s");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in new[] { _west, _east })
        {
            if (service is not null)
            {
                await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await service.DisposeAsync().ConfigureAwait(false);
            }
        }

        _west = _east = null;
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private DaemonRuntime West => _west?.Runtime ?? throw new InvalidOperationException("the daemons are not started");

    private DaemonRuntime East => _east?.Runtime ?? throw new InvalidOperationException("the daemons are not started");

    private async Task<int> MoveAsync(DaemonRuntime from, DaemonRuntime to, IReadOnlyList<byte[]> packets)
    {
        var outer = await from.ProtectAsync(packets).ConfigureAwait(false);
        var delivered = await to.DeliverAsync(outer).ConfigureAwait(false);
        if (!DemoPackets.Same(packets, delivered))
        {
            throw new DemoFailedException(string.Create(CultureInfo.InvariantCulture,
                $"{Label} traffic: {packets.Count} packets sent, {outer.Count} encrypted, {delivered.Count} decrypted intact"));
        }

        return delivered.Count;
    }

    private static async Task<StatusReport> StatusAsync(DaemonRuntime runtime)
    {
        var status = await runtime.ExecuteAsync(new ControlRequest("status")).ConfigureAwait(false);
        return status.ResultAs<StatusReport>() ?? throw new DemoFailedException($"status failed: {status.Message}");
    }

    private DotSwanService StartDaemon(string yaml)
    {
        var result = ConfigLoader.Parse(yaml, $"embedded {Label} demo configuration");
        if (!result.IsValid)
        {
            throw new DemoFailedException($"the embedded configuration does not load: {string.Join("; ", result.Errors)}");
        }

        if (EngineSupport.Check(result.Config!) is [{ } unsupported, ..])
        {
            throw new DemoFailedException($"the embedded configuration is not supported: {unsupported}");
        }

        var service = new DotSwanService(result.Config!, NullLoggerFactory.Instance);
        try
        {
            service.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (SocketException e)
        {
            throw new DemoFailedException($"cannot bind a UDP port on 127.0.0.1: {e.Message}", e);
        }

        return service;
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
