using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DotSwan.Crypto;
using DotSwan.Daemon.Control;
using DotSwan.Daemon.DataPlane;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev1;
using DotSwan.Ipsec;
using DotSwan.Ipsec.Driver;
using DotSwan.Ipsec.Lifetimes;

namespace DotSwan.Cli.Demo;

/// <summary>
/// One IKEv1 side of the demo: an <see cref="Ikev1Engine"/> on its own UDP socket on 127.0.0.1 and a memory data plane
/// for the IPsec SAs it negotiates. Not thread-safe: <see cref="Ikev1DemoPair"/> drives both nodes from one loop.
/// </summary>
internal sealed class Ikev1Node : IDisposable
{
    private readonly Socket _socket;
    private readonly MemoryChildSaDataPlane _dataPlane = new();
    private readonly Dictionary<uint, (uint Outbound, string Algorithms, DateTimeOffset InstalledAt)> _children = [];
    private readonly byte[] _buffer = new byte[65535];
    private Ikev1Engine? _engine;
    private Ikev1Connection? _connection;

    public Ikev1Node(string name)
    {
        Name = name;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public string Name { get; }

    /// <summary>The bound UDP endpoint (an ephemeral port on 127.0.0.1).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Events the engine reported, oldest first.</summary>
    public List<EngineEvent> Events { get; } = [];

    /// <summary>Inbound SPIs of the IPsec SAs installed now.</summary>
    public IReadOnlyCollection<uint> Children => _children.Keys;

    /// <summary>The peer's SPI of the installed pair with inbound SPI <paramref name="inboundSpi"/>; null when none.</summary>
    public uint? OutboundOf(uint inboundSpi) => _children.TryGetValue(inboundSpi, out var child) ? child.Outbound : null;

    public Ikev1Engine Engine => _engine ?? throw new InvalidOperationException("not configured");

    public Ikev1Connection Connection => _connection ?? throw new InvalidOperationException("not configured");

    /// <summary>Creates the engine for <paramref name="connection"/>.</summary>
    public void Configure(Ikev1Connection connection)
    {
        _connection = connection;
        _engine = new Ikev1Engine([connection], SystemRandomSource.Instance);
    }

    /// <summary>Receives every waiting datagram and runs due timers; false when nothing happened.</summary>
    public bool Poll(DateTimeOffset now)
    {
        bool any = false;
        while (_socket.Available > 0)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            int length = _socket.ReceiveFrom(_buffer, ref from);
            Handle(Engine.Receive(_buffer.AsSpan(0, length), EndPoint, (IPEndPoint)from, now));
            any = true;
        }

        if (Engine.NextDeadline is { } deadline && deadline <= now)
        {
            Handle(Engine.OnTimer(now));
            any = true;
        }

        return any;
    }

    /// <summary>Acts on engine outputs: sends datagrams, installs and removes IPsec SAs, records events.</summary>
    public void Handle(IReadOnlyList<EngineOutput> outputs)
    {
        foreach (var output in outputs)
        {
            switch (output)
            {
                case SendDatagram send:
                    _socket.SendTo(send.Datagram.Span, send.Remote);
                    break;
                case InstallChildSa install:
                    Install(install);
                    break;
                case DeleteChildSa delete:
                    _dataPlane.Remove(delete.InboundSpi, delete.OutboundSpi);
                    _children.Remove(delete.InboundSpi);
                    break;
                case EngineEvent e:
                    Events.Add(e);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Protects inner packets with the installed SAs; the outer packets.</summary>
    public IReadOnlyList<byte[]> Protect(IReadOnlyList<byte[]> inner) => _dataPlane.Protect(inner);

    /// <summary>Decrypts outer packets; the inner packets delivered.</summary>
    public IReadOnlyList<byte[]> Deliver(IReadOnlyList<byte[]> outer) => _dataPlane.Deliver(outer);

    /// <summary>This side as a status report for the CLI's status table.</summary>
    public StatusReport Status(DateTimeOffset now)
    {
        var ikeSas = new List<IkeSaStatus>();
        foreach (var id in Engine.IkeSas)
        {
            var established = Events.OfType<IkeSaEstablished>().LastOrDefault(e => e.IkeSa == id);
            var children = _children.Select(c =>
            {
                var traffic = _dataPlane.Traffic(c.Key, c.Value.Outbound);
                return new ChildSaStatus($"{Connection.Name}/net", c.Key.ToString("x8", CultureInfo.InvariantCulture),
                    c.Value.Outbound.ToString("x8", CultureInfo.InvariantCulture), c.Value.Algorithms, "tunnel",
                    [.. Connection.LocalTrafficSelectors.Select(t => t.ToString())], [.. Connection.RemoteTrafficSelectors.Select(t => t.ToString())],
                    c.Value.InstalledAt, traffic.InboundBytes, traffic.InboundPackets, traffic.OutboundBytes, traffic.OutboundPackets, null, null);
            }).ToList();
            ikeSas.Add(new IkeSaStatus(string.Create(CultureInfo.InvariantCulture, $"{id.InitiatorSpi:x16}_{id.ResponderSpi:x16}"), Connection.Name, 1,
                Engine.GetState(id)?.ToString().ToLowerInvariant() ?? "?", established?.IsInitiator ?? false, EndPoint.ToString(), Connection.RemoteEndPoint.ToString(),
                established?.RemoteIdentity.ToString(), established?.Suite.ToString(), null, null, children));
        }

        return new StatusReport(ikeSas, []);
    }

    public void Dispose()
    {
        _engine?.Dispose();
        _dataPlane.Dispose();
        _socket.Dispose();
    }

    private void Install(InstallChildSa install)
    {
        try
        {
            var local = install.Local.Address;
            var remote = install.Remote.Address;
            var inbound = ChildSaInstallRequest.For(install, SaDirection.Inbound, install.Inbound, remote, local, null, SaLifetimes.Unlimited);
            var outbound = ChildSaInstallRequest.For(install, SaDirection.Outbound, install.Outbound, local, remote, null, SaLifetimes.Unlimited);
            var installation = new ChildSaInstallation(Connection.Name, inbound, outbound, install.LocalTrafficSelectors, install.RemoteTrafficSelectors, install.Remote);
            if (!_dataPlane.TryInstall(installation, out string? error))
            {
                throw new DemoFailedException($"IKEv1 {Name}: IPsec SA in 0x{install.Inbound.Spi:x8} not installed: {error}");
            }

            string algorithms = $"{install.Encryption.Algorithm}/{install.Encryption.KeyLength}" + (install.Integrity is { } integrity ? $" {integrity}" : "");
            _children[install.Inbound.Spi] = (install.Outbound.Spi, algorithms, DateTimeOffset.UtcNow);
        }
        finally
        {
            install.Inbound.EncryptionKey.Dispose();
            install.Inbound.IntegrityKey.Dispose();
            install.Outbound.EncryptionKey.Dispose();
            install.Outbound.IntegrityKey.Dispose();
        }
    }
}
