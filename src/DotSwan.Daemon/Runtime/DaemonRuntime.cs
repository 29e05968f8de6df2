using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DotSwan.Crypto;
using DotSwan.Daemon.Configuration;
using DotSwan.Daemon.Control;
using DotSwan.Daemon.DataPlane;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ipsec;
using DotSwan.Ipsec.Driver;
using DotSwan.Ipsec.KeyLog;
using DotSwan.Ipsec.Lifetimes;
using DotSwan.Ipsec.Manual;
using Ikev2Header = DotSwan.Wire.Ikev2.Ikev2Header;
using Microsoft.Extensions.Logging;

namespace DotSwan.Daemon.Runtime;

/// <summary>
/// The daemon's core: the sans-I/O <see cref="Ikev2Engine"/> wired to UDP 500/4500 and an <see cref="IDataPlane"/>, driven
/// by one <see cref="EngineLoop"/>. Socket threads only queue datagrams; every engine call, every data-plane change and
/// every control command runs on the loop thread. Engine outputs are acted on in the engine's order (it lists
/// InstallChildSa before the IKE_AUTH response that lets the peer send ESP).
/// </summary>
internal sealed partial class DaemonRuntime : IDisposable
{
    private DotSwanConfig _config;
    private readonly DaemonMetrics _metrics;
    private readonly ILogger _ike;
    private readonly ILogger _net;
    private readonly ILogger _ipsec;
    private readonly EngineLoop _loop;
    private readonly List<IkeUdpSocket> _ikeSockets = [];
    private readonly List<NatTraversalSocket> _nattSockets = [];
    private readonly Dictionary<string, (ConnectionConfig Config, Ikev2Connection Engine)> _connections = new(StringComparer.Ordinal);
    private readonly List<SecretBytes> _psks = [];
    private readonly List<CertificateCredentials> _credentials = [];
    private readonly Dictionary<ulong, IkeSaRecord> _ikeSas = [];
    private readonly Dictionary<uint, ChildSaRecord> _children = [];
    private readonly Dictionary<string, ChildSaRecord> _manualUp = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, TaskCompletionSource<ControlResponse>> _upWaiters = [];
    private readonly Dictionary<string, DateTimeOffset> _scheduledStarts = new(StringComparer.Ordinal);
    private readonly KeyLogStore _keyLog = new();
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private IDataPlane? _dataPlane;
    private readonly List<NatTraversalSocket> _dataPlaneSockets = [];
    private Ikev2Engine? _engine;
    private bool _started;
    private DateTimeOffset _nextLifetimeCheck;
    // The earliest NextDpd of any record: the records are only walked when it has come (not on every tick).
    private DateTimeOffset _earliestDpd = DateTimeOffset.MaxValue;
    private long _ikeSaCount;
    private long _childSaCount;

    public DaemonRuntime(DotSwanConfig config, ILoggerFactory loggers, DaemonMetrics metrics)
    {
        _config = config;
        _metrics = metrics;
        _ike = loggers.CreateLogger("DotSwan.Ike");
        _net = loggers.CreateLogger("DotSwan.Net");
        _ipsec = loggers.CreateLogger("DotSwan.Ipsec");
        _loop = new EngineLoop(Tick, loggers.CreateLogger("DotSwan.Daemon"));
    }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The loop, for control commands.</summary>
    public EngineLoop Loop => _loop;

    /// <summary>Binds the sockets, opens the data plane, installs manual tunnels, starts the loop and the connections with start_action start.</summary>
    public void Start()
    {
        var daemon = _config.Daemon;
        var listen = daemon.Listen.Count > 0 ? daemon.Listen
            : [.. _config.Connections.SelectMany(c => c.LocalAddresses).Concat(_config.Manual.Select(m => m.LocalAddress)).Distinct()];
        if (listen.Count == 0)
        {
            listen = [IPAddress.Any];
        }

        foreach (var address in listen)
        {
            var socket = new IkeUdpSocket(address, daemon.IkePort, (bytes, local, remote) => _loop.Post(() => OnDatagram(bytes, local, remote, natt: false)));
            _ikeSockets.Add(socket);
            _nattSockets.Add(new NatTraversalSocket(address, daemon.NatTraversalPort));
            _net.LogInformation("listening on {Address} UDP {IkePort} (IKE) and {NattPort} (NAT-T: IKE behind the non-ESP marker, ESP in UDP)",
                address, _ikeSockets[^1].LocalEndPoint.Port, _nattSockets[^1].LocalEndPoint.Port);
        }

        _dataPlane = CreateDataPlane();
        _ipsec.LogInformation("data plane: {DataPlane}", _dataPlane.Description);
        foreach (var socket in _nattSockets.Where(s => !_dataPlaneSockets.Contains(s)))
        {
            socket.StartReceiving();
        }

        foreach (var connection in _config.Connections)
        {
            AddConnection(connection, _config);
        }

        _engine = new Ikev2Engine(_connections.Values.Select(c => c.Engine), SystemRandomSource.Instance,
            options: new Ikev2EngineOptions(daemon.CookieThreshold, daemon.HalfOpenLimit, daemon.HalfOpenTimeout));
        StartIkev1();
        RegisterGauges();
        foreach (var tunnel in _config.Manual)
        {
            if (InstallManual(tunnel, out var error) is null)
            {
                throw new InvalidOperationException($"manual tunnel {tunnel.Name}: {error}");
            }
        }

        _dataPlane.Start();
        foreach (var socket in _ikeSockets)
        {
            socket.Start();
        }

        _loop.Start();
        _started = true;
        foreach (var connection in _config.Connections.Where(c => c.Children.Any(ch => ch.StartAction == ConnectionAction.Start)))
        {
            _loop.Post(() => StartChildren(connection.Name, ChildrenToStart(connection), DateTimeOffset.UtcNow));
        }
    }

    /// <summary>Deletes every established IKE SA (INFORMATIONAL Delete) and waits, at most <paramref name="timeout"/>, for the answers.</summary>
    public async Task ShutdownAsync(TimeSpan timeout)
    {
        if (!_started)
        {
            return;
        }

        int deleting = await _loop.InvokeAsync(() =>
        {
            var now = DateTimeOffset.UtcNow;
            int count = 0;
            foreach (var id in _engine!.IkeSas)
            {
                if (_engine.GetState(id) == IkeSaState.Established)
                {
                    Record(id.InitiatorSpi).DeletedByUs = true;
                    Handle(_engine.Delete(id, now), now);
                    count++;
                }
            }

            return count + DeleteAllIkev1(now);
        }).ConfigureAwait(false);
        if (deleting > 0)
        {
            _ike.LogInformation("shutting down: deleting {Count} IKE SA(s)", deleting);
        }

        var until = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < until)
        {
            bool pending = await _loop.InvokeAsync(() => _engine!.IkeSas.Any(id => _engine.GetState(id) == IkeSaState.Deleting)).ConfigureAwait(false);
            if (!pending)
            {
                break;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        await _loop.InvokeAsync(() =>
        {
            foreach (var child in _children.Values.Concat(_manualUp.Values).ToList())
            {
                _dataPlane!.Remove(child.InboundSpi, child.OutboundSpi);
            }

            _children.Clear();
            _manualUp.Clear();
            return 0;
        }).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _loop.Dispose();
        _dataPlane?.Stop();
        foreach (var socket in _ikeSockets)
        {
            socket.Dispose();
        }

        _dataPlane?.Dispose();
        foreach (var socket in _nattSockets)
        {
            socket.Dispose();
        }

        _engine?.Dispose();
        _ikev1?.Dispose();
        foreach (var credentials in _credentials)
        {
            credentials.Dispose();
        }

        foreach (var psk in _psks)
        {
            psk.Dispose();
        }

        foreach (var tcs in _upWaiters.Values)
        {
            tcs.TrySetResult(ControlResponse.Failure(ControlErrorCodes.Failed, "the daemon stopped"));
        }
    }

    private IDataPlane CreateDataPlane()
    {
        if (_config.Daemon.DataPlane == DataPlaneKind.Memory)
        {
            return new MemoryChildSaDataPlane();
        }

        return CreateTunDataPlanes();
    }

    private void RegisterGauges()
    {
        _metrics.AddGauge("dotswan.ike.sa.count", "IKE SAs held by the engine", () => Volatile.Read(ref _ikeSaCount));
        _metrics.AddGauge("dotswan.child.sa.count", "Child SAs installed (negotiated and manual)", () => Volatile.Read(ref _childSaCount));
        _metrics.AddGauge("dotswan.ike.retransmits", "IKE requests retransmitted", () => _engine?.Counters.RequestsRetransmitted ?? 0);
        _metrics.AddGauge("dotswan.ike.malformed", "IKE datagrams that did not decode", () => _engine?.Counters.Malformed ?? 0);
    }

    private DateTimeOffset? Tick(DateTimeOffset now)
    {
        if (_engine is null)
        {
            return null;
        }

        foreach (var socket in _nattSockets)
        {
            for (int taken = 0; taken < 256 && socket.Transport.Demultiplexer.TryDequeueIke(out var datagram); taken++)
            {
                OnDatagram(datagram!.Message, socket.LocalEndPoint, datagram.From, natt: true);
            }
        }

        foreach (string name in _dataPlane!.TakeTriggeredTraps())
        {
            OnTrap(name, now);
        }

        if (now >= _nextLifetimeCheck)
        {
            _nextLifetimeCheck = now + TimeSpan.FromSeconds(1);
            CheckLifetimes(now);
            ReportIkev1Bytes(now);
            // Records of SAs the engine no longer holds go once a second: walking every record is O(SAs), too much per tick.
            Forget();
        }

        foreach (var (name, at) in _scheduledStarts.ToList())
        {
            if (at <= now)
            {
                _scheduledStarts.Remove(name);
                if (_connections.TryGetValue(name, out var scheduled))
                {
                    StartChildren(name, ChildrenToStart(scheduled.Config), now);
                }
                else if (!HasActiveSa(name))
                {
                    Initiate(name, now);
                }
            }
        }

        if (_engine.NextDeadline is { } deadline && deadline <= now)
        {
            Handle(_engine.OnTimer(now), now);
        }

        if (now >= _earliestDpd)
        {
            CheckLiveness(now);
        }

        DateTimeOffset? next = _engine.NextDeadline;
        if (_earliestDpd != DateTimeOffset.MaxValue && (next is null || _earliestDpd < next))
        {
            next = _earliestDpd;
        }

        next = TickIkev1(now, next);
        Volatile.Write(ref _ikeSaCount, _engine.IkeSaCount + (_ikev1?.IkeSaCount ?? 0));
        Volatile.Write(ref _childSaCount, _children.Count + _manualUp.Count);
        return next;
    }

    /// <summary>Sends a liveness check on every SA whose DPD time has come and finds the next one.</summary>
    private void CheckLiveness(DateTimeOffset now)
    {
        var earliest = DateTimeOffset.MaxValue;
        _earliestDpd = DateTimeOffset.MaxValue; // lowered again by records that get a DPD time while this runs
        foreach (var record in _ikeSas.Values.ToList())
        {
            if (record.NextDpd is { } dpd)
            {
                if (dpd <= now && _connections.TryGetValue(record.Connection, out var c) && c.Config.DpdDelay is { } delay)
                {
                    record.NextDpd = now + delay;
                    Handle(_engine!.CheckLiveness(record.Id, now), now);
                }
                else if (dpd <= now)
                {
                    record.NextDpd = null; // its connection is gone or has no DPD any more (a reload): not due again and again
                }

                if (record.NextDpd is { } due && due < earliest)
                {
                    earliest = due;
                }
            }
        }

        NoteDpd(earliest);
    }

    private void NoteDpd(DateTimeOffset? at)
    {
        if (at is { } due && due < _earliestDpd)
        {
            _earliestDpd = due;
        }
    }

    private void Forget()
    {
        if (_ikeSas.Count == 0)
        {
            return;
        }

        var held = _engine!.IkeSas.Select(id => id.InitiatorSpi).Concat(Ikev1HeldSpis()).ToHashSet();
        foreach (ulong spi in _ikeSas.Keys.Where(spi => !held.Contains(spi) && !_upWaiters.ContainsKey(spi)).ToList())
        {
            _ikeSas.Remove(spi);
        }
    }

    private void OnDatagram(byte[] bytes, IPEndPoint local, IPEndPoint remote, bool natt)
    {
        var now = DateTimeOffset.UtcNow;
        Count(natt ? "ike.received.natt" : "ike.received.ike");
        _metrics.DatagramsReceived.Add(1, new KeyValuePair<string, object?>("port", natt ? "natt" : "ike"));
        if (IsIsakmp(bytes))
        {
            Count(natt ? "ikev1.received.natt" : "ikev1.received.ike");
            OnIkev1Datagram(bytes, local, remote, now);
            return;
        }

        if (Ikev2Header.TryRead(bytes, out var header))
        {
            var record = Record(header.InitiatorSpi);
            record.Local = local;
            record.Remote = remote;
        }

        Handle(_engine!.Receive(bytes, local, remote, now), now);
    }

    private IkeSaRecord Record(ulong initiatorSpi)
    {
        if (!_ikeSas.TryGetValue(initiatorSpi, out var record))
        {
            record = new IkeSaRecord(initiatorSpi);
            _ikeSas[initiatorSpi] = record;
        }

        return record;
    }

    private void Handle(IReadOnlyList<EngineOutput> outputs, DateTimeOffset now)
    {
        foreach (var output in outputs)
        {
            if (output is EngineEvent { Connection.Length: > 0 } named)
            {
                var record = Record(named.IkeSa.InitiatorSpi);
                record.Connection = named.Connection;
                record.Id = named.IkeSa;
            }
        }

        foreach (var output in outputs)
        {
            switch (output)
            {
                case SendDatagram send:
                    Send(send);
                    break;
                case InstallChildSa install:
                    Install(install, now);
                    break;
                case DeleteChildSa delete:
                    RemoveChild(delete.InboundSpi, delete.OutboundSpi, "deleted by IKE");
                    break;
                case SendNatKeepalive keepalive:
                    SendKeepalive(keepalive);
                    break;
                case UpdateChildSaEndPoints update:
                    UpdateEndPoints(update);
                    break;
                case IkeSaRekeyed rekeyed:
                    OnIkeSaRekeyed(rekeyed, now);
                    break;
                case ChildSaRekeyed rekeyed:
                    _ike.LogInformation("{Connection}: Child SA rekeyed ({Who}), in 0x{Old:x8} replaced by 0x{New:x8}", rekeyed.Connection,
                        rekeyed.WeInitiated ? "by us" : "by the peer", rekeyed.OldInboundSpi, rekeyed.NewInboundSpi);
                    break;
                case IkeSaKeysDerived keys:
                    if (_config.Daemon.KeyLog) { _keyLog.Add(keys.Entry); }
                    break;
                case IkeSaEstablished established:
                    OnEstablished(established, now);
                    break;
                case ChildSaEstablished child:
                    OnChildEstablished(child);
                    break;
                case IkeSaFailed failed:
                    OnFailed(failed, now);
                    break;
                case IkeSaDeleted deleted:
                    OnDeleted(deleted, now);
                    break;
                default:
                    if (!HandleIkev1Output(output))
                    {
                        _ike.LogDebug("engine output {Output} not handled by the daemon", output.GetType().Name);
                    }

                    break;
            }
        }
    }

    private void OnEstablished(IkeSaEstablished established, DateTimeOffset now)
    {
        var record = Record(established.IkeSa.InitiatorSpi);
        record.Initiator = established.IsInitiator;
        record.Suite = established.Suite;
        record.RemoteIdentity = established.RemoteIdentity;
        record.EstablishedAt = now;
        if (_connections.TryGetValue(established.Connection, out var connection) && connection.Config.DpdDelay is { } dpd)
        {
            record.NextDpd = now + dpd;
            NoteDpd(record.NextDpd);
        }

        _metrics.IkeSasEstablished.Add(1);
        if (!_ike.IsEnabled(LogLevel.Information))
        {
            return;
        }

        _ike.LogInformation("{Connection}: IKE SA {Id} established as {Role} with {Peer} ({RemoteId}), {Suite}",
            established.Connection, FormatId(established.IkeSa), established.IsInitiator ? "initiator" : "responder",
            record.Remote, established.RemoteIdentity, established.Suite);
        if (established.IsInitiator)
        {
            CreateFollowUpChildren(record, now);
        }
    }

    private void OnFailed(IkeSaFailed failed, DateTimeOffset now)
    {
        _metrics.IkeSasFailed.Add(1, new KeyValuePair<string, object?>("reason", failed.Kind.ToString()));
        Count($"ike.failed.{failed.Kind}");
        var record = Record(failed.IkeSa.InitiatorSpi);
        string who = failed.Connection.Length > 0 ? failed.Connection : "no connection";
        _ike.LogWarning("{Connection}: IKE SA {Id} with {Peer} failed ({Kind}): {Reason}", who, FormatId(failed.IkeSa), record.Remote, failed.Kind, failed.Reason);
        Complete(failed.IkeSa.InitiatorSpi, ControlResponse.Failure(ControlErrorCodes.Failed, $"{failed.Kind}: {failed.Reason}"));
        if (failed.Kind == IkeSaFailureKind.PeerNotResponding && record.EstablishedAt is not null)
        {
            ApplyCloseAction(failed.Connection, now, "the peer stopped answering");
        }
    }

    private void OnDeleted(IkeSaDeleted deleted, DateTimeOffset now)
    {
        _metrics.IkeSasDeleted.Add(1);
        var record = Record(deleted.IkeSa.InitiatorSpi);
        _ike.LogInformation("{Connection}: IKE SA {Id} deleted: {Reason}", deleted.Connection, FormatId(deleted.IkeSa), deleted.Reason);
        // IKEv1 IPsec SAs may outlive or move to another ISAKMP SA: the IKEv1 engine deletes the ones nobody takes over itself.
        foreach (var child in _children.Values.Where(c => record.Version == 2 && c.IkeInitiatorSpi == deleted.IkeSa.InitiatorSpi).ToList())
        {
            RemoveChild(child.InboundSpi, child.OutboundSpi, "its IKE SA was deleted");
        }

        Complete(deleted.IkeSa.InitiatorSpi, ControlResponse.Failure(ControlErrorCodes.Failed, $"deleted before a Child SA was established: {deleted.Reason}"));
        if (!record.DeletedByUs)
        {
            ApplyCloseAction(deleted.Connection, now, deleted.Reason);
        }
    }

    private void ApplyCloseAction(string connectionName, DateTimeOffset now, string why)
    {
        if (ConfigOf(connectionName) is { } connection
            && connection.Children.Any(c => c.CloseAction == ConnectionAction.Start))
        {
            _ike.LogInformation("{Connection}: close_action start after '{Why}': initiating again in 2 s", connectionName, why);
            _scheduledStarts[connectionName] = now + TimeSpan.FromSeconds(2);
        }
    }

    private void Complete(ulong initiatorSpi, ControlResponse response)
    {
        if (_upWaiters.Remove(initiatorSpi, out var waiter))
        {
            waiter.TrySetResult(response);
        }
    }

    private void Send(SendDatagram send)
    {
        // The engine floats an IKE SA to the NAT-T port itself (RFC 7296 §2.23) and says so with the ports and the marker.
        bool natt = send.NonEspMarker || send.Local.Port == _config.Daemon.NatTraversalPort || send.Local.Port == SendDatagram.NatTraversalPort;
        bool ok;
        if (natt)
        {
            var socket = Pick(_nattSockets, s => s.LocalEndPoint, send.Local.Address);
            var to = send.Remote.Serialize();
            ok = socket is not null && (send.NonEspMarker ? socket.Transport.TrySendIke(send.Datagram.Span, to) : socket.Transport.TrySendEsp(send.Datagram.Span, to));
            Count("ike.sent.natt");
            _net.LogDebug("sent IKE {Length} B to {Peer} on NAT-T", send.Datagram.Length, send.Remote);
        }
        else
        {
            var socket = Pick(_ikeSockets, s => s.LocalEndPoint, send.Local.Address);
            ok = socket is not null && socket.TrySend(send.Datagram.Span, send.Remote);
            Count("ike.sent.ike");
            _net.LogDebug("sent IKE {Length} B to {Peer}", send.Datagram.Length, send.Remote);
        }

        _metrics.DatagramsSent.Add(1, new KeyValuePair<string, object?>("port", natt ? "natt" : "ike"));
        if (!ok)
        {
            Count("ike.send_failures");
            _metrics.SendFailures.Add(1);
            _net.LogWarning("could not send IKE {Length} B from {Local} to {Peer}: no socket for that address or the socket refused", send.Datagram.Length, send.Local, send.Remote);
        }
    }

    private void SendKeepalive(SendNatKeepalive keepalive)
    {
        var socket = Pick(_nattSockets, s => s.LocalEndPoint, keepalive.Local.Address);
        bool ok = socket is not null && socket.Transport.TrySendEsp([SendNatKeepalive.Payload], keepalive.Remote.Serialize());
        Count(ok ? "natt.keepalives_sent" : "ike.send_failures");
    }

    private void UpdateEndPoints(UpdateChildSaEndPoints update)
    {
        var port = update.UdpEncapsulation?.RemotePort ?? (ushort)update.Remote.Port;
        var peer = new IPEndPoint(update.Remote.Address, port);
        foreach (var child in _children.Values.Where(c => c.IkeInitiatorSpi == update.IkeSa.InitiatorSpi))
        {
            _dataPlane!.UpdatePeer(child.OutboundSpi, peer);
        }

        Record(update.IkeSa.InitiatorSpi).Remote = update.Remote;
        _ipsec.LogInformation("IKE SA {Id}: the peer moved to {Peer}; its Child SAs follow", FormatId(update.IkeSa), peer);
    }

    private void OnIkeSaRekeyed(IkeSaRekeyed rekeyed, DateTimeOffset now)
    {
        var old = Record(rekeyed.IkeSa.InitiatorSpi);
        var fresh = Record(rekeyed.NewIkeSa.InitiatorSpi);
        fresh.Id = rekeyed.NewIkeSa;
        fresh.Connection = rekeyed.Connection;
        fresh.Initiator = rekeyed.WeInitiated;
        fresh.Local ??= old.Local;
        fresh.Remote ??= old.Remote;
        fresh.RemoteIdentity = old.RemoteIdentity;
        fresh.Suite ??= old.Suite;
        fresh.EstablishedAt = now;
        fresh.NextDpd = old.NextDpd;
        old.NextDpd = null;
        NoteDpd(fresh.NextDpd);
        // The old SA's deletion (by either side) ends the rekey: no close action for it.
        old.DeletedByUs = true;
        foreach (var child in _children.Values.Where(c => c.IkeInitiatorSpi == rekeyed.IkeSa.InitiatorSpi).ToList())
        {
            _children[child.InboundSpi] = child with { IkeInitiatorSpi = rekeyed.NewIkeSa.InitiatorSpi };
        }

        _ike.LogInformation("{Connection}: IKE SA {Old} rekeyed ({Who}) into {New}", rekeyed.Connection, FormatId(rekeyed.IkeSa),
            rekeyed.WeInitiated ? "by us" : "by the peer", FormatId(rekeyed.NewIkeSa));
    }

    private void CheckLifetimes(DateTimeOffset now)
    {
        foreach (var (spi, direction, hard) in _dataPlane!.CollectExpiries(now))
        {
            var child = direction == SaDirection.Inbound ? _children.GetValueOrDefault(spi) : _children.Values.FirstOrDefault(c => c.OutboundSpi == spi);
            if (child is null)
            {
                continue;
            }

            _ipsec.LogInformation("{Name}: {Direction} SA 0x{Spi:x8} reached its {Kind} lifetime", child.Name, direction, spi, hard ? "hard" : "soft");
            Handle(_engine!.ChildSaExpired(child.InboundSpi, hard, now), now);
        }
    }

    private static T? Pick<T>(List<T> sockets, Func<T, IPEndPoint> endPoint, IPAddress local)
        where T : class =>
        sockets.FirstOrDefault(s => endPoint(s).Address.Equals(local))
        ?? sockets.FirstOrDefault(s => endPoint(s).AddressFamily == local.AddressFamily);

    private void Install(InstallChildSa install, DateTimeOffset now)
    {
        try
        {
            var record = Record(install.IkeSa.InitiatorSpi);
            var connectionConfig = ConfigOf(record.Connection);
            var childConfig = connectionConfig?.Children.FirstOrDefault(c => c.Name == install.Child) ?? connectionConfig?.Children[0];
            string name = childConfig is null ? record.Connection : $"{record.Connection}/{childConfig.Name}";
            var dataPlaneSocket = DataPlaneSocket(install.Local.Address);
            if (install.UdpEncapsulation is null && dataPlaneSocket is not null)
            {
                _ipsec.LogError("{Name}: Child SA in 0x{In:x8} out 0x{Out:x8} not installed: plain ESP was negotiated, the TUN data plane carries ESP in UDP only",
                    name, install.Inbound.Spi, install.Outbound.Spi);
                return;
            }

            // ESP in UDP to the port the engine saw the peer's NAT-T traffic come from (its NAT mapping), else plain ESP.
            var encapsulation = install.UdpEncapsulation;
            var peer = new IPEndPoint(install.Remote.Address, encapsulation?.RemotePort ?? _config.Daemon.NatTraversalPort);
            var local = dataPlaneSocket?.LocalEndPoint.Address ?? install.Local.Address;
            UdpEncapsulationPorts? ports = encapsulation is null ? null
                : new UdpEncapsulationPorts((ushort)(dataPlaneSocket?.LocalEndPoint.Port ?? encapsulation.LocalPort), encapsulation.RemotePort);
            UdpEncapsulationPorts? reverse = ports is { } p ? new UdpEncapsulationPorts(p.DestinationPort, p.SourcePort) : null;
            // IKEv1: the engine counts bytes against the negotiated lifetime (ReportIkev1Bytes) and times rekey and expiry.
            var lifetimes = record.Version == 1 ? SaLifetimes.Unlimited : ToSaLifetimes(childConfig?.Lifetime);
            var inbound = ChildSaInstallRequest.For(install, SaDirection.Inbound, install.Inbound, peer.Address, local, reverse, lifetimes);
            var outbound = ChildSaInstallRequest.For(install, SaDirection.Outbound, install.Outbound, local, peer.Address, ports, lifetimes);
            var installation = new ChildSaInstallation(name, inbound, outbound, install.LocalTrafficSelectors, install.RemoteTrafficSelectors, peer);
            if (!_dataPlane!.TryInstall(installation, out var error))
            {
                _ipsec.LogError("{Name}: Child SA in 0x{In:x8} out 0x{Out:x8} not installed: {Error}", name, install.Inbound.Spi, install.Outbound.Spi, error);
                return;
            }

            if (_config.Daemon.KeyLog)
            {
                _keyLog.Add(KeyLogEntry(inbound));
                _keyLog.Add(KeyLogEntry(outbound));
            }

            string algorithms = $"{install.Encryption.Algorithm}/{install.Encryption.KeyLength}"
                + (install.Integrity is { } integrity ? $" {integrity}" : "") + (install.ExtendedSequenceNumbers ? " ESN" : "");
            _children[install.Inbound.Spi] = new ChildSaRecord(name, install.IkeSa.InitiatorSpi, install.Inbound.Spi, install.Outbound.Spi, algorithms,
                install.Mode == ChildSaMode.Tunnel ? "tunnel" : "transport", install.LocalTrafficSelectors, install.RemoteTrafficSelectors, now, childConfig?.Lifetime);
            if (record.Version == 1)
            {
                _ikev1Children.Add(install.Inbound.Spi);
            }

            _metrics.ChildSasInstalled.Add(1);
            _ipsec.LogInformation("{Name}: installed Child SA in 0x{In:x8} out 0x{Out:x8} {Algorithms}, {LocalTs} === {RemoteTs}, ESP in UDP to {Peer}",
                name, install.Inbound.Spi, install.Outbound.Spi, algorithms, string.Join(' ', install.LocalTrafficSelectors),
                string.Join(' ', install.RemoteTrafficSelectors), peer);
        }
        finally
        {
            install.Inbound.EncryptionKey.Dispose();
            install.Inbound.IntegrityKey.Dispose();
            install.Outbound.EncryptionKey.Dispose();
            install.Outbound.IntegrityKey.Dispose();
        }
    }

    // Byte limits are the data plane's to count; the engine times rekeys and expiry itself (Ikev2Lifetimes).
    private static SaLifetimes ToSaLifetimes(LifetimeConfig? lifetime) => lifetime is null
        ? SaLifetimes.Unlimited
        : new SaLifetimes(new SaLifetimeLimits(lifetime.Soft.Bytes, null, null), new SaLifetimeLimits(lifetime.Hard.Bytes, null, null));

    private static EspSaTableEntry KeyLogEntry(SaInstallRequest request) => new(
        request.Settings.Source, request.Settings.Destination, request.Settings.Spi, request.Settings.Encryption,
        request.EncryptionKey.ReadOnlySpan.ToArray(), request.Settings.Integrity, request.IntegrityKey?.ReadOnlySpan.ToArray() ?? []);

    private void RemoveChild(uint inboundSpi, uint outboundSpi, string why)
    {
        _dataPlane!.Remove(inboundSpi, outboundSpi);
        _ikev1Children.Remove(inboundSpi);
        if (_children.Remove(inboundSpi, out var child))
        {
            _metrics.ChildSasRemoved.Add(1);
            _ipsec.LogInformation("{Name}: removed Child SA in 0x{In:x8} out 0x{Out:x8}: {Why}", child.Name, inboundSpi, outboundSpi, why);
        }
    }

    private ChildSaRecord? InstallManual(ManualTunnelConfig tunnel, out string? error)
    {
        if (!ManualKeying.TryBuild(new ManualSaConfig([tunnel.Inbound, tunnel.Outbound], []), TransformRegistry.Default, out var requests, out var errors))
        {
            error = string.Join("; ", errors);
            return null;
        }

        try
        {
            var inbound = requests[0];
            var outbound = requests[1];
            if (DataPlaneSocket(tunnel.LocalAddress) is { } dataPlaneSocket)
            {
                // The TUN data plane finds inbound SAs by (SPI, the address its socket is bound to).
                inbound = inbound with { Settings = inbound.Settings with { Destination = dataPlaneSocket.LocalEndPoint.Address } };
            }

            int peerPort = outbound.Settings.UdpEncapsulation?.DestinationPort ?? _config.Daemon.NatTraversalPort;
            var installation = new ChildSaInstallation(tunnel.Name, inbound, outbound, tunnel.LocalTrafficSelectors, tunnel.RemoteTrafficSelectors,
                new IPEndPoint(tunnel.RemoteAddress, peerPort));
            if (!_dataPlane!.TryInstall(installation, out error))
            {
                return null;
            }

            if (_config.Daemon.KeyLog)
            {
                _keyLog.Add(KeyLogEntry(inbound));
                _keyLog.Add(KeyLogEntry(outbound));
            }

            var record = new ChildSaRecord(tunnel.Name, null, tunnel.Inbound.Spi, tunnel.Outbound.Spi, tunnel.Inbound.Algorithms, "tunnel",
                tunnel.LocalTrafficSelectors, tunnel.RemoteTrafficSelectors, DateTimeOffset.UtcNow, null);
            _manualUp[tunnel.Name] = record;
            _ipsec.LogInformation("{Name}: manual tunnel installed, SPIs in 0x{In:x8} out 0x{Out:x8}", tunnel.Name, record.InboundSpi, record.OutboundSpi);
            return record;
        }
        finally
        {
            ManualKeying.DisposeKeys(requests);
        }
    }

    private bool HasActiveSa(string connection) =>
        HasActiveIkev1Sa(connection) || _ikeSas.Values.Any(r => r.Connection == connection && _engine!.GetState(r.Id) is { } state
            && state is IkeSaState.Established or IkeSaState.SaInitSent or IkeSaState.AuthSent or IkeSaState.SaInitResponded);

    /// <summary>
    /// Starts an IKE SA for <paramref name="name"/> that negotiates the first of <paramref name="children"/> (default: the
    /// first configured) in IKE_AUTH and the others after it; an IKEv1 connection starts Main (or Aggressive) Mode.
    /// </summary>
    private IkeSaId? Initiate(string name, DateTimeOffset now, IReadOnlyList<string>? children = null)
    {
        if (_ikev1Connections.ContainsKey(name))
        {
            return InitiateIkev1(name, now);
        }

        if (!_connections.TryGetValue(name, out var connection))
        {
            return null;
        }

        var outputs = _engine!.Initiate(StartingWith(connection.Engine, children is [var first, ..] ? first : null), now, out var id);
        var record = Record(id.InitiatorSpi);
        foreach (string child in children ?? [])
        {
            record.PendingChildren[child] = now;
        }

        record.FollowUpChildren.AddRange(children?.Skip(1) ?? []);
        record.Connection = name;
        record.Initiator = true;
        record.Remote = connection.Engine.RemoteEndPoint;
        record.Local = connection.Engine.LocalEndPoint;
        _ike.LogInformation("{Connection}: initiating IKE SA {Id} to {Peer}", name, FormatId(id), connection.Engine.RemoteEndPoint);
        Handle(outputs, now);
        return id;
    }

    private void Count(string name) => _counters[name] = _counters.GetValueOrDefault(name) + 1;

    internal static string FormatId(IkeSaId id) => string.Create(CultureInfo.InvariantCulture, $"{id.InitiatorSpi:x16}_{id.ResponderSpi:x16}");

    internal static string StateName(IkeSaState state) => state switch
    {
        IkeSaState.SaInitSent => "sa_init_sent",
        IkeSaState.AuthSent => "auth_sent",
        IkeSaState.SaInitResponded => "sa_init_responded",
        IkeSaState.Established => "established",
        IkeSaState.Deleting => "deleting",
        IkeSaState.Deleted => "deleted",
        IkeSaState.Failed => "failed",
        IkeSaState.Rekeyed => "rekeyed",
        _ => state.ToString().ToLowerInvariant(),
    };

    internal static string FormatSelectors(IEnumerable<TrafficSelector> selectors) => string.Join(' ', selectors);
}
