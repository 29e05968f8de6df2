using System.Net;
using System.Net.Sockets;
using DotSwan.Daemon.Configuration;
using Microsoft.Extensions.Logging;

namespace DotSwan.Daemon.Tests;

/// <summary>
/// Two daemons (in-process <see cref="DotSwanService"/>s, memory data plane) on 127.0.0.1 and 127.0.0.2 with free high
/// ports, each with its own control socket in a temporary directory.
/// </summary>
internal sealed class LoopbackPair : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<DotSwanService> _services = [];
    private readonly ILoggerFactory _loggers;
    private readonly Func<string, (string Local, string Remote)> _authFor;
    private readonly string _connectionExtra;
    private readonly string _proposals;
    private readonly string _espProposals;

    /// <param name="childExtraB">Lines after daemon "b"'s child <c>net</c> (more keys of it, or further children).</param>
    /// <param name="authFor">Extra keys of the <c>local:</c> and <c>remote:</c> flow mappings of daemon "a" or "b" (e.g. ", auth: pubkey, …").</param>
    public LoopbackPair(string pskA = "a-long-enough-lab-secret-0123456789", string pskB = "a-long-enough-lab-secret-0123456789",
        string childExtraA = "", string daemonExtraA = "", string extraA = "", Func<string, (string Local, string Remote)>? authFor = null,
        string connectionExtra = "", string proposals = "aes256gcm16-prfsha256-x25519", string espProposals = "aes128gcm16", string childExtraB = "")
    {
        _proposals = proposals;
        _espProposals = espProposals;
        _connectionExtra = connectionExtra;
        _authFor = authFor ?? (_ => ("", ""));
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(Log).SetMinimumLevel(LogLevel.Debug));
        IkePort = FreeUdpPort();
        NattPort = FreeUdpPort();
        ConfigA = _dir.Write("a.yaml", Config("127.0.0.1", "127.0.0.2", "a", "b", "10.1.0.0/24", "10.2.0.0/24", pskA, childExtraA, daemonExtraA, extraA));
        ConfigB = _dir.Write("b.yaml", Config("127.0.0.2", "127.0.0.1", "b", "a", "10.2.0.0/24", "10.1.0.0/24", pskB, childExtraB, "", ""));
    }

    public RecordingLoggerProvider Log { get; } = new();

    public int IkePort { get; }

    public int NattPort { get; }

    public string ConfigA { get; }

    public string ConfigB { get; }

    public string SocketA => Path.Combine(_dir.Path, "a.sock");

    public string SocketB => Path.Combine(_dir.Path, "b.sock");

    public string Directory => _dir.Path;

    public DotSwanService StartA() => Start(ConfigA);

    public DotSwanService StartB() => Start(ConfigB);

    public async Task StopAsync(DotSwanService service)
    {
        await service.StopAsync(CancellationToken.None);
        await service.DisposeAsync();
        _services.Remove(service);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services.ToList())
        {
            await StopAsync(service);
        }

        _loggers.Dispose();
        _dir.Dispose();
    }

    private DotSwanService Start(string path)
    {
        var result = ConfigLoader.Load(path);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(EngineSupport.Check(result.Config!));
        var service = new DotSwanService(result.Config!, _loggers);
        service.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _services.Add(service);
        return service;
    }

    private string Config(string local, string remote, string self, string peer, string localTs, string remoteTs, string psk, string childExtra, string daemonExtra, string extra) => $"""
        daemon:
          listen: [{local}]
          ike_port: {IkePort}
          natt_port: {NattPort}
          data_plane: memory
          control_socket: {Path.Combine(_dir.Path, self + ".sock")}
        {daemonExtra}
        connections:
          lab:
            local_addrs: {local}
            remote_addrs: {remote}
            remote_port: {IkePort}
            proposals: {_proposals}
        {_connectionExtra}
            local: {"{"} id: {self}.lab.example{_authFor(self).Local} {"}"}
            remote: {"{"} id: {peer}.lab.example{_authFor(self).Remote} {"}"}
            children:
              net:
                local_ts: {localTs}
                remote_ts: {remoteTs}
                esp_proposals: {_espProposals}
        {childExtra}
        secrets:
          ike:
            - ids: [a.lab.example, b.lab.example]
              secret: "{psk}"
        {extra}
        """;

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
