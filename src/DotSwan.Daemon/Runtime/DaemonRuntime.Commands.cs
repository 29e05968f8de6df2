using System.Globalization;
using DotSwan.Daemon.Configuration;
using DotSwan.Daemon.Control;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Ikev2;

namespace DotSwan.Daemon.Runtime;

/// <summary>The control commands; each runs on the loop thread.</summary>
internal sealed partial class DaemonRuntime
{
    /// <summary>Dispatches one control request.</summary>
    public async Task<ControlResponse> ExecuteAsync(ControlRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (request.Command)
        {
            case "status":
                return await _loop.InvokeAsync(() => ControlResponse.Success(Status(DateTimeOffset.UtcNow))).ConfigureAwait(false);
            case "list-conns":
                return await _loop.InvokeAsync(() => ControlResponse.Success(ListConnections())).ConfigureAwait(false);
            case "stats":
                return await _loop.InvokeAsync(() => ControlResponse.Success(Stats())).ConfigureAwait(false);
            case "up":
                return await UpAsync(request.Target, TimeSpan.FromSeconds(Math.Clamp(request.TimeoutSeconds ?? 30, 1, 600))).ConfigureAwait(false);
            case "down":
                return await _loop.InvokeAsync(() => Down(request.Target)).ConfigureAwait(false);
            case "keys-export":
                return await _loop.InvokeAsync(() => ExportKeys(request.Directory)).ConfigureAwait(false);
            case "reload":
                return await _loop.InvokeAsync(Reload).ConfigureAwait(false);
            case "rekey":
                return await _loop.InvokeAsync(() => Rekey(request.Target)).ConfigureAwait(false);
            default:
                return ControlResponse.Failure(ControlErrorCodes.UnknownCommand,
                    $"unknown command '{request.Command}'; allowed: status, list-conns, stats, up, down, rekey, reload, keys-export");
        }
    }

    private async Task<ControlResponse> UpAsync(string? target, TimeSpan timeout)
    {
        var started = await _loop.InvokeAsync(() => StartUp(target)).ConfigureAwait(false);
        if (started.Immediate is { } immediate)
        {
            return immediate;
        }

        var winner = await Task.WhenAny(started.Pending!, Task.Delay(timeout)).ConfigureAwait(false);
        if (winner == started.Pending)
        {
            return await started.Pending!.ConfigureAwait(false);
        }

        await _loop.InvokeAsync(() => _upWaiters.Remove(started.InitiatorSpi)).ConfigureAwait(false);
        return ControlResponse.Failure(ControlErrorCodes.Timeout,
            string.Create(CultureInfo.InvariantCulture, $"{target}: no Child SA after {timeout.TotalSeconds:0} s (the IKE SA keeps trying; see the log and dotswan status)"));
    }

    private (ControlResponse? Immediate, Task<ControlResponse>? Pending, ulong InitiatorSpi) StartUp(string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            return (ControlResponse.Failure(ControlErrorCodes.BadRequest, "up needs a connection name"), null, 0);
        }

        var manual = _config.Manual.FirstOrDefault(m => m.Name == target);
        if (manual is not null)
        {
            if (_manualUp.ContainsKey(target))
            {
                return (ControlResponse.Success(new ActionResult(target, [], "manual tunnel already installed")), null, 0);
            }

            return InstallManual(manual, out var error) is null
                ? (ControlResponse.Failure(ControlErrorCodes.Failed, $"{target}: {error}"), null, 0)
                : (ControlResponse.Success(new ActionResult(target, [], "manual tunnel installed")), null, 0);
        }

        if (_ikev1Connections.TryGetValue(target, out var ikev1))
        {
            return StartUpIkev1(target, ikev1.Config);
        }

        // A connection brings up all its children; CONNECTION/CHILD (or a child name only one connection has) one child.
        List<string> wanted;
        if (_connections.TryGetValue(target, out var connection))
        {
            wanted = [.. connection.Config.Children.Select(c => c.Name)];
        }
        else if (TryFindChildTarget(target, out var owner, out var only))
        {
            connection = _connections[owner.Name];
            wanted = [only.Name];
        }
        else
        {
            return (ControlResponse.Failure(ControlErrorCodes.NotFound, $"no connection, child (CONNECTION/CHILD) or manual tunnel named '{target}'; see dotswan list-conns"), null, 0);
        }

        string name = connection.Config.Name;
        if (connection.Config.RemoteAddresses.Count == 0)
        {
            return (ControlResponse.Failure(ControlErrorCodes.NotSupported, $"{target}: remote_addrs is %any, so it can only respond"), null, 0);
        }

        var now = DateTimeOffset.UtcNow;
        if (EstablishedIkeSa(name) is { } up && wanted.All(c => IsChildUp(up.InitiatorSpi, ChildSaName(name, c))))
        {
            return (ControlResponse.Success(new ActionResult(target, [FormatId(up.Id)], "already established")), null, 0);
        }

        var (ike, asked) = StartChildren(name, wanted, now);
        if (ike is null || _engine!.GetState(ike.Id) is IkeSaState.Failed or null)
        {
            return (ControlResponse.Failure(ControlErrorCodes.Failed, $"{target}: the IKE SA failed at once (see the log)"), null, 0);
        }

        if (_upWaiters.TryGetValue(ike.InitiatorSpi, out var running))
        {
            // Another up on the same IKE SA: it waits for these children too.
            ike.AwaitedChildren.UnionWith(asked);
            return (null, running.Task, ike.InitiatorSpi);
        }

        if (asked.Count == 0)
        {
            return (ControlResponse.Success(new ActionResult(target, [FormatId(ike.Id)], "already being established")), null, 0);
        }

        var waiter = new TaskCompletionSource<ControlResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        ike.AwaitedChildren.Clear();
        ike.AwaitedChildren.UnionWith(asked);
        ike.UpDetails.Clear();
        _upWaiters[ike.InitiatorSpi] = waiter;
        return (null, waiter.Task, ike.InitiatorSpi);
    }

    /// <summary>up of an IKEv1 connection: Main (or Aggressive) Mode and its Quick Mode.</summary>
    private (ControlResponse? Immediate, Task<ControlResponse>? Pending, ulong InitiatorSpi) StartUpIkev1(string target, ConnectionConfig connection)
    {
        if (connection.RemoteAddresses.Count == 0)
        {
            return (ControlResponse.Failure(ControlErrorCodes.NotSupported, $"{target}: remote_addrs is %any, so it can only respond"), null, 0);
        }

        var established = _ikeSas.Values.Where(r => r.Connection == target && IsEstablished(r)).ToList();
        if (established.Count > 0 && established.Any(HasChildSas))
        {
            return (ControlResponse.Success(new ActionResult(target, [.. established.Select(r => FormatId(r.Id))], "already established")), null, 0);
        }

        var id = Initiate(target, DateTimeOffset.UtcNow)!.Value;
        if (_ikev1!.GetState(id) is IsakmpSaState.Failed or null)
        {
            return (ControlResponse.Failure(ControlErrorCodes.Failed, $"{target}: the IKE SA failed at once (see the log)"), null, 0);
        }

        var waiter = new TaskCompletionSource<ControlResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var record = Record(id.InitiatorSpi);
        record.AwaitedChildren.Clear();
        record.UpDetails.Clear();
        _upWaiters[id.InitiatorSpi] = waiter;
        return (null, waiter.Task, id.InitiatorSpi);
    }

    private ControlResponse Down(string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            return ControlResponse.Failure(ControlErrorCodes.BadRequest, "down needs a connection name or an SA id");
        }

        var now = DateTimeOffset.UtcNow;
        if (_manualUp.Remove(target, out var manual))
        {
            _dataPlane!.Remove(manual.InboundSpi, manual.OutboundSpi);
            return ControlResponse.Success(new ActionResult(target, [], "manual tunnel removed"));
        }

        IEnumerable<IkeSaRecord> matches;
        if (IsConnection(target) || _config.Manual.Any(m => m.Name == target))
        {
            matches = _ikeSas.Values.Where(r => r.Connection == target);
        }
        else if (TryFindChildTarget(target, out var childOwner, out var onlyChild))
        {
            // One child of a connection: Delete for each of its Child SAs; the IKE SA and the other children stay.
            string childSaName = ChildSaName(childOwner.Name, onlyChild.Name);
            var ids = CloseChildSas(childSaName, now);
            return ids.Count == 0
                ? ControlResponse.Success(new ActionResult(target, [], $"nothing to delete: {childSaName} has no Child SA"))
                : ControlResponse.Success(new ActionResult(target, ids, $"sent Delete for {ids.Count} Child SA(s) of {childSaName}"));
        }
        else if (TryParseIkeSaId(target, out ulong initiatorSpi))
        {
            matches = _ikeSas.Values.Where(r => r.InitiatorSpi == initiatorSpi);
        }
        else if (FindChild(target) is { } v1Child && IsIkev1Child(v1Child))
        {
            return DownIkev1Child(target, v1Child, now);
        }
        else if (FindChild(target) is { IkeInitiatorSpi: { } owner } child)
        {
            // One Child SA: an INFORMATIONAL Delete for it (RFC 7296 §1.4.1); its IKE SA stays.
            var ike = Record(owner);
            Handle(_engine!.CloseChildSa(ike.Id, child.InboundSpi, now), now);
            return ControlResponse.Success(new ActionResult(target, [FormatId(ike.Id)], $"sent Delete for Child SA in 0x{child.InboundSpi:x8} out 0x{child.OutboundSpi:x8}"));
        }
        else
        {
            return ControlResponse.Failure(ControlErrorCodes.NotFound,
                $"'{target}' is no connection, child (CONNECTION/CHILD), manual tunnel, IKE SA id (SPIi_SPIr or SPIi in hex) or Child SA SPI; see dotswan status");
        }

        var deleted = new List<string>();
        foreach (var record in matches.ToList())
        {
            if (DeleteIkeSa(record, now))
            {
                deleted.Add(FormatId(record.Id));
            }
        }

        if (deleted.Count == 0)
        {
            return IsConnection(target)
                ? ControlResponse.Success(new ActionResult(target, [], "nothing to delete: no established IKE SA"))
                : ControlResponse.Failure(ControlErrorCodes.NotFound, $"no established IKE SA matches '{target}'");
        }

        _scheduledStarts.Remove(target);
        return ControlResponse.Success(new ActionResult(target, deleted, $"sent Delete for {deleted.Count} IKE SA(s)"));
    }

    private ChildSaRecord? FindChild(string text) =>
        uint.TryParse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint spi)
            ? _children.Values.FirstOrDefault(c => c.InboundSpi == spi || c.OutboundSpi == spi)
            : null;

    private ControlResponse Rekey(string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            return ControlResponse.Failure(ControlErrorCodes.BadRequest, "rekey needs a connection, an IKE SA id or a Child SA SPI");
        }

        var now = DateTimeOffset.UtcNow;
        if (FindChild(target) is { } v1Child && IsIkev1Child(v1Child) && !IsConnection(target))
        {
            return RekeyIkev1Child(target, v1Child, now);
        }

        if (FindChild(target) is { IkeInitiatorSpi: { } owner } child && !_connections.ContainsKey(target))
        {
            var ike = Record(owner);
            Handle(_engine!.RekeyChildSa(ike.Id, child.InboundSpi, now), now);
            return ControlResponse.Success(new ActionResult(target, [FormatId(ike.Id)], $"started CREATE_CHILD_SA to rekey Child SA in 0x{child.InboundSpi:x8}"));
        }

        var established = _ikeSas.Values.Where(r => IsEstablished(r)
            && (r.Connection == target || (TryParseIkeSaId(target, out ulong spi) && r.InitiatorSpi == spi))).ToList();
        if (established.Count == 0)
        {
            return ControlResponse.Failure(ControlErrorCodes.NotFound, $"no established IKE SA or Child SA matches '{target}'; see dotswan status");
        }

        bool byConnection = IsConnection(target);
        foreach (var record in established)
        {
            if (record.Version == 1)
            {
                RekeyIkev1(record, byConnection, now);
            }
            else if (byConnection)
            {
                // A connection name rekeys its Child SAs (as swanctl --rekey --child); an IKE SA id rekeys the IKE SA.
                foreach (var child2 in _children.Values.Where(c => c.IkeInitiatorSpi == record.InitiatorSpi).ToList())
                {
                    Handle(_engine!.RekeyChildSa(record.Id, child2.InboundSpi, now), now);
                }
            }
            else
            {
                Handle(_engine!.RekeyIkeSa(record.Id, now), now);
            }
        }

        return ControlResponse.Success(new ActionResult(target, [.. established.Select(r => FormatId(r.Id))],
            byConnection ? "started rekeying the Child SAs" : "started rekeying the IKE SA"));
    }

    private static bool TryParseIkeSaId(string text, out ulong initiatorSpi)
    {
        string first = text.Split('_')[0];
        initiatorSpi = 0;
        return first.Length == 16 && ulong.TryParse(first, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out initiatorSpi);
    }

    private StatusReport Status(DateTimeOffset now)
    {
        var ikeSas = new List<IkeSaStatus>();
        foreach (var id in _engine!.IkeSas)
        {
            var record = _ikeSas.GetValueOrDefault(id.InitiatorSpi) ?? new IkeSaRecord(id.InitiatorSpi);
            var state = _engine.GetState(id) ?? IkeSaState.Failed;
            if (state == IkeSaState.Deleted)
            {
                // Gone for the operator; the engine only keeps it a moment to answer retransmissions.
                continue;
            }

            _connections.TryGetValue(record.Connection, out var connection);
            long? rekeyIn = record.EstablishedAt is { } at && connection.Config?.Lifetime.Soft.Time is { } soft
                ? (long)Math.Max(0, (at + soft - now).TotalSeconds)
                : null;
            var children = _children.Values.Where(c => c.IkeInitiatorSpi == id.InitiatorSpi).Select(c => ChildStatus(c, now)).ToList();
            ikeSas.Add(new IkeSaStatus(FormatId(id), record.Connection, 2, StateName(state), record.Initiator, record.Local?.ToString(), record.Remote?.ToString(),
                record.RemoteIdentity?.ToString(), record.Suite?.ToString(), record.EstablishedAt, rekeyIn, children));
        }

        ikeSas.AddRange(Ikev1Status(now));
        return new StatusReport(ikeSas, [.. _manualUp.Values.Select(c => ChildStatus(c, now))]);
    }

    private ChildSaStatus ChildStatus(ChildSaRecord child, DateTimeOffset now)
    {
        var traffic = _dataPlane!.Traffic(child.InboundSpi, child.OutboundSpi);
        long? Until(TimeSpan? limit) => limit is { } l ? (long)Math.Max(0, (child.InstalledAt + l - now).TotalSeconds) : null;
        return new ChildSaStatus(child.Name, child.InboundSpi.ToString("x8", CultureInfo.InvariantCulture), child.OutboundSpi.ToString("x8", CultureInfo.InvariantCulture),
            child.Algorithms, child.Mode, [.. child.LocalTrafficSelectors.Select(s => s.ToString())], [.. child.RemoteTrafficSelectors.Select(s => s.ToString())],
            child.InstalledAt, traffic.InboundBytes, traffic.InboundPackets, traffic.OutboundBytes, traffic.OutboundPackets,
            Until(child.Lifetime?.Soft.Time), Until(child.Lifetime?.Hard.Time));
    }

    private List<ConnectionSummary> ListConnections()
    {
        var list = new List<ConnectionSummary>();
        foreach (var connection in _config.Connections)
        {
            bool up = _ikeSas.Values.Any(r => r.Connection == connection.Name && IsEstablished(r));
            list.Add(new ConnectionSummary(connection.Name, connection.Version == 2 ? "ikev2" : "ikev1",
                [.. connection.LocalAddresses.Select(a => a.ToString())], [.. connection.RemoteAddresses.Select(a => a.ToString())],
                connection.Local.Identity.ToString(), connection.Remote.Identity.ToString(),
                $"{AuthName(connection.Local.Method)}/{AuthName(connection.Remote.Method)}",
                [.. connection.IkeProposals.Select(p => p.ToString())],
                [.. connection.Children.Select(c => $"{c.Name}: {string.Join(',', c.LocalTrafficSelectors)} === {string.Join(',', c.RemoteTrafficSelectors)} "
                    + $"({string.Join(',', c.EspProposals)}, {c.Mode.ToString().ToLowerInvariant()}, start_action {c.StartAction.ToString().ToLowerInvariant()})")],
                up));
        }

        foreach (var tunnel in _config.Manual)
        {
            list.Add(new ConnectionSummary(tunnel.Name, "manual", [tunnel.LocalAddress.ToString()], [tunnel.RemoteAddress.ToString()], null, null, null,
                [tunnel.Inbound.Algorithms],
                [$"{string.Join(',', tunnel.LocalTrafficSelectors)} === {string.Join(',', tunnel.RemoteTrafficSelectors)} (SPIs in 0x{tunnel.Inbound.Spi:x8} out 0x{tunnel.Outbound.Spi:x8})"],
                _manualUp.ContainsKey(tunnel.Name)));
        }

        return list;
    }

    private static string AuthName(AuthMethod method) => method == AuthMethod.Psk ? "psk" : "pubkey";

    private StatsReport Stats()
    {
        var counters = new SortedDictionary<string, long>(_counters, StringComparer.Ordinal);
        var engine = _engine!.Counters;
        counters["engine.malformed"] = engine.Malformed;
        counters["engine.unknown_spi"] = engine.UnknownSpi;
        counters["engine.unexpected_responses"] = engine.UnexpectedResponses;
        counters["engine.out_of_window_requests"] = engine.OutOfWindowRequests;
        counters["engine.retransmitted_requests_answered"] = engine.RetransmittedRequestsAnswered;
        counters["engine.requests_retransmitted"] = engine.RequestsRetransmitted;
        counters["engine.decryption_failures"] = engine.DecryptionFailures;
        counters["engine.unexpected_in_state"] = engine.UnexpectedInState;
        counters["sa.ike"] = _engine.IkeSas.Count;
        counters["sa.ike.established"] = _engine.IkeSas.Count(id => _engine.GetState(id) == IkeSaState.Established);
        counters["sa.child"] = _children.Count;
        counters["sa.manual"] = _manualUp.Count;
        AddIkev1Stats(counters);
        for (int i = 0; i < _nattSockets.Count; i++)
        {
            var demux = _nattSockets[i].Transport.Demultiplexer;
            string prefix = $"natt.{_nattSockets[i].LocalEndPoint}";
            counters[$"{prefix}.esp"] = demux.EspPackets;
            counters[$"{prefix}.ike"] = demux.IkeMessages;
            counters[$"{prefix}.ike_dropped"] = demux.IkeDropped;
            counters[$"{prefix}.keepalives"] = demux.NatKeepalives;
            counters[$"{prefix}.invalid"] = demux.Invalid;
            counters[$"{prefix}.esp_without_data_plane"] = _nattSockets[i].EspWithoutDataPlane;
        }

        foreach (var (name, value) in _dataPlane!.Statistics())
        {
            counters[name] = value;
        }

        return new StatsReport(StartedAt, counters);
    }

    private ControlResponse ExportKeys(string? directory)
    {
        if (!_config.Daemon.KeyLog)
        {
            return ControlResponse.Failure(ControlErrorCodes.NotSupported,
                "key logging is off: set daemon.key_log: yes and restart the daemon; only SAs negotiated after that can be exported");
        }

        if (string.IsNullOrEmpty(directory) || !Path.IsPathRooted(directory))
        {
            return ControlResponse.Failure(ControlErrorCodes.BadRequest, "keys-export needs an absolute directory");
        }

        try
        {
            var files = _keyLog.Export(directory);
            return ControlResponse.Success(new KeysExportResult(files, _keyLog.Esp.Count, _keyLog.Ike.Count, null) { IsakmpSas = _keyLog.Ikev1.Count });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ControlResponse.Failure(ControlErrorCodes.Failed, $"cannot write to {directory}: {e.Message}");
        }
    }
}
