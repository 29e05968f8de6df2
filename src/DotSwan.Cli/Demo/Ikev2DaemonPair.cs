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
/// directory) built from the embedded default configuration: "west" (10.1.0.0/24) initiates connection "demo" to "east" (10.2.0.0/24).
/// </summary>
internal sealed class Ikev2DaemonPair : IAsyncDisposable
{
    /// <summary>West's inner network host that sends.</summary>
    public static readonly IPAddress WestHost = IPAddress.Parse("10.1.0.1");

    /// <summary>East's inner network host that answers.</summary>
    public static readonly IPAddress EastHost = IPAddress.Parse("10.2.0.1");

    private readonly string _directory;
    private DotSwanService? _west;
    private DotSwanService? _east;

    public Ikev2DaemonPair()
    {
        _directory = Directory.CreateTempSubdirectory("dotswan-demo-").FullName;
    }

    public int WestPort { get; private set; }

    public int EastPort { get; private set; }

    /// <summary>Loads the embedded configuration for both sides and starts both daemons.</summary>
    public void Start()
    {
        WestPort = FreeUdpPort();
        EastPort = FreeUdpPort();
        _east = StartDaemon(DemoConfiguration.Ikev2("east", "west", EastPort, WestPort, FreeUdpPort(), "10.2.0.0/24", "10.1.0.0/24", _directory));
        _west = StartDaemon(DemoConfiguration.Ikev2("west", "east", WestPort, EastPort, FreeUdpPort(), "10.1.0.0/24", "10.2.0.0/24", _directory));
    }

    /// <summary>IKE_SA_INIT and IKE_AUTH from west; the IKE SA id.</summary>
    public async Task<string> UpAsync()
    {
        var up = await West.ExecuteAsync(new ControlRequest("up", DemoConfiguration.Connection, TimeoutSeconds: 10)).ConfigureAwait(false);
        if (!up.Ok)
        {
            throw new DemoFailedException($"IKEv2 up failed: {up.Message}");
        }

        return up.ResultAs<ActionResult>()?.IkeSas is [{ } id, ..] ? id : throw new DemoFailedException("IKEv2 up returned no IKE SA");
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
                    $"IKEv2 Child SAs do not match: west has {west.Count}, east has {east.Count}"));
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

    /// <summary>Asks west to rekey the Child SA (CREATE_CHILD_SA); the new pair once both sides have only it.</summary>
    public async Task<(ChildSaStatus West, ChildSaStatus East)> RekeyChildAsync(ChildSaStatus before)
    {
        var rekey = await West.ExecuteAsync(new ControlRequest("rekey", DemoConfiguration.Connection)).ConfigureAwait(false);
        if (!rekey.Ok)
        {
            throw new DemoFailedException($"IKEv2 Child SA rekey failed: {rekey.Message}");
        }

        return await ChildSasAsync(notInbound: before.InboundSpi).ConfigureAwait(false);
    }

    /// <summary>Both sides' status reports.</summary>
    public async Task<(StatusReport West, StatusReport East)> StatusAsync() =>
        (await StatusAsync(West).ConfigureAwait(false), await StatusAsync(East).ConfigureAwait(false));

    /// <summary>West deletes the IKE SA (INFORMATIONAL with Delete); returns once east has no SA left.</summary>
    public async Task DownAsync()
    {
        var down = await West.ExecuteAsync(new ControlRequest("down", DemoConfiguration.Connection)).ConfigureAwait(false);
        if (!down.Ok)
        {
            throw new DemoFailedException($"IKEv2 down failed: {down.Message}");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await StatusAsync(East).ConfigureAwait(false)).IkeSas.Count > 0 || (await StatusAsync(West).ConfigureAwait(false)).IkeSas.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new DemoFailedException("IKEv2 delete: the peer still has the IKE SA after 10 s");
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

    private static async Task<int> MoveAsync(DaemonRuntime from, DaemonRuntime to, IReadOnlyList<byte[]> packets)
    {
        var outer = await from.ProtectAsync(packets).ConfigureAwait(false);
        var delivered = await to.DeliverAsync(outer).ConfigureAwait(false);
        if (!DemoPackets.Same(packets, delivered))
        {
            throw new DemoFailedException(string.Create(CultureInfo.InvariantCulture,
                $"IKEv2 traffic: {packets.Count} packets sent, {outer.Count} encrypted, {delivered.Count} decrypted intact"));
        }

        return delivered.Count;
    }

    private static async Task<StatusReport> StatusAsync(DaemonRuntime runtime)
    {
        var status = await runtime.ExecuteAsync(new ControlRequest("status")).ConfigureAwait(false);
        return status.ResultAs<StatusReport>() ?? throw new DemoFailedException($"status failed: {status.Message}");
    }

    private static DotSwanService StartDaemon(string yaml)
    {
        var result = ConfigLoader.Parse(yaml, "embedded demo configuration");
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
