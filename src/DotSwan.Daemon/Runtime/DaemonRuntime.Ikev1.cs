using System.Net;
using DotSwan.Crypto;
using DotSwan.Daemon.Configuration;
using DotSwan.Daemon.Control;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Ikev2;
using Microsoft.Extensions.Logging;

namespace DotSwan.Daemon.Runtime;

/// <summary>
/// The IKEv1 half of the daemon: <c>version: 1</c> connections run on the sans-I/O <see cref="Ikev1Engine"/>, beside the
/// IKEv2 engine on the same sockets (a datagram goes to the engine its header's major version names), the same loop,
/// data plane, records, status table and control commands. Engine outputs are the shared <see cref="EngineOutput"/>
/// types, so installing SAs, logging and metrics take the IKEv2 path; what differs is here: IKEv1 IPsec SAs outlive and
/// move between ISAKMP SAs (so status asks the engine which SA holds them), the engine runs DPD and lifetimes itself,
/// and byte lifetimes are counted by the data plane and reported to the engine.
/// </summary>
internal sealed partial class DaemonRuntime
{
    private readonly Dictionary<string, (ConnectionConfig Config, Ikev1Connection Engine)> _ikev1Connections = new(StringComparer.Ordinal);
    // Inbound SPIs of IKEv1 IPsec SAs: they outlive (and move between) ISAKMP SAs, so their ISAKMP SA's record may be gone.
    private readonly HashSet<uint> _ikev1Children = [];
    private Ikev1Engine? _ikev1;
    private long _isakmpSaCount;

    /// <summary>True for an ISAKMP (IKEv1) message: major version 1 in the header's version octet (RFC 2408 §3.1).</summary>
    internal static bool IsIsakmp(ReadOnlySpan<byte> datagram) => datagram.Length >= 28 && datagram[17] >> 4 == 1;

    private void StartIkev1()
    {
        _ikev1 = new Ikev1Engine(_ikev1Connections.Values.Select(c => c.Engine), SystemRandomSource.Instance);
        _metrics.AddGauge("dotswan.ikev1.sa.count", "ISAKMP (IKEv1 phase 1) SAs held by the IKEv1 engine", () => Volatile.Read(ref _isakmpSaCount));
        _metrics.AddGauge("dotswan.ikev1.retransmits", "IKEv1 messages retransmitted", () => _ikev1?.Counters.RequestsRetransmitted ?? 0);
        _metrics.AddGauge("dotswan.ikev1.malformed", "IKEv1 datagrams that did not decode", () => _ikev1?.Counters.Malformed ?? 0);
    }

    private void AddIkev1Connection(ConnectionConfig connection, DotSwanConfig config, SecretBytes psk, CertificateCredentials credentials)
    {
        // IKEv1 signs with RSA (RFC 2409 method 3) or ECDSA on the three RFC 4754 curves (methods 9-11); refuse other keys at start, not at the first handshake.
        if (credentials.Local is { } local && !(local.Key.KeyType == Crypto.Signatures.SignatureKeyType.Rsa
            || (local.Key.KeyType == Crypto.Signatures.SignatureKeyType.Ecdsa && local.Key.KeySize is 256 or 384 or 521)))
        {
            throw new InvalidOperationException($"connection {connection.Name}: IKEv1 signs with RSA keys or ECDSA keys on P-256, P-384 or P-521 only (RFC 2409 method 3, RFC 4754); private_key holds {local.Key} (use such a certificate, or version: 2)");
        }

        var engineConnection = Ikev1ConnectionFactory.Create(connection, config.Daemon, psk, credentials);
        _ikev1Connections[connection.Name] = (connection, engineConnection);
        if (connection.Children.Any(c => c.StartAction == ConnectionAction.Trap))
        {
            _dataPlane!.AddTrap(connection.Name, engineConnection.LocalTrafficSelectors, engineConnection.RemoteTrafficSelectors);
        }
    }

    /// <summary>The configuration of a connection of either version.</summary>
    private ConnectionConfig? ConfigOf(string name) =>
        _connections.TryGetValue(name, out var v2) ? v2.Config : _ikev1Connections.TryGetValue(name, out var v1) ? v1.Config : null;

    private bool IsConnection(string name) => _connections.ContainsKey(name) || _ikev1Connections.ContainsKey(name);

    private bool IsEstablished(IkeSaRecord record) => record.Version == 1
        ? _ikev1?.GetState(record.Id) == IsakmpSaState.Established
        : _engine?.GetState(record.Id) == IkeSaState.Established;

    /// <summary>Deletes an established IKE or ISAKMP SA (telling the peer); false when it is not established.</summary>
    private bool DeleteIkeSa(IkeSaRecord record, DateTimeOffset now)
    {
        if (!IsEstablished(record))
        {
            return false;
        }

        record.DeletedByUs = true;
        if (record.Version == 1)
        {
            HandleIkev1(_ikev1!.Delete(record.Id, now), now);
        }
        else
        {
            Handle(_engine!.Delete(record.Id, now), now);
        }

        return true;
    }

    private void OnIkev1Datagram(byte[] bytes, IPEndPoint local, IPEndPoint remote, DateTimeOffset now)
    {
        ulong cookieI = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        if (_ikeSas.ContainsKey(cookieI) || _ikev1!.HoldsInitiatorCookie(cookieI))
        {
            var record = Record(cookieI);
            record.Version = 1;
            record.Local = local;
            record.Remote = remote;
        }

        HandleIkev1(_ikev1!.Receive(bytes, local, remote, now), now);
    }

    /// <summary>Marks the records the outputs name as IKEv1 (before the shared handling reads them), then handles them.</summary>
    private void HandleIkev1(IReadOnlyList<EngineOutput> outputs, DateTimeOffset now)
    {
        foreach (var output in outputs)
        {
            var id = output switch
            {
                EngineEvent e => e.IkeSa,
                InstallChildSa install => install.IkeSa,
                IsakmpSaKeysDerived keys => keys.IkeSa,
                _ => (IkeSaId?)null,
            };
            if (id is { InitiatorSpi: not 0 } known)
            {
                var record = Record(known.InitiatorSpi);
                record.Version = 1;
                if (known.ResponderSpi != 0)
                {
                    record.Id = known;
                }

                if (record.Remote is null && output is InstallChildSa install2)
                {
                    record.Local = install2.Local;
                    record.Remote = install2.Remote;
                }
            }
        }

        Handle(outputs, now);
    }

    /// <summary>The IKEv1-only outputs (from <see cref="Handle"/>'s default branch); false when <paramref name="output"/> is none of them.</summary>
    private bool HandleIkev1Output(EngineOutput output)
    {
        switch (output)
        {
            case IsakmpSaKeysDerived keys:
                if (_config.Daemon.KeyLog)
                {
                    _keyLog.Add(keys.Entry);
                }

                return true;
            case QuickModeFailed failed:
                _metrics.IkeSasFailed.Add(1, new KeyValuePair<string, object?>("reason", "QuickMode" + failed.Kind));
                Count($"ikev1.quick_mode_failed.{failed.Kind}");
                _ike.LogWarning("{Connection}: Quick Mode {MessageId:x8} of ISAKMP SA {Id} failed ({Kind}): {Reason}",
                    failed.Connection.Length > 0 ? failed.Connection : "no connection", failed.MessageId, FormatId(failed.IkeSa), failed.Kind, failed.Reason);
                Complete(failed.IkeSa.InitiatorSpi, ControlResponse.Failure(ControlErrorCodes.Failed, $"Quick Mode {failed.Kind}: {failed.Reason}"));
                return true;
            default:
                return false;
        }
    }

    private IkeSaId? InitiateIkev1(string name, DateTimeOffset now)
    {
        var connection = _ikev1Connections[name];
        var outputs = _ikev1!.Initiate(connection.Engine, now, out var id);
        var record = Record(id.InitiatorSpi);
        record.Version = 1;
        record.Id = id;
        record.Connection = name;
        record.Initiator = true;
        record.Remote = connection.Engine.RemoteEndPoint;
        record.Local = connection.Engine.LocalEndPoint;
        _ike.LogInformation("{Connection}: initiating ISAKMP SA {Id} to {Peer} (IKEv1 {Mode})", name, FormatId(id), connection.Engine.RemoteEndPoint,
            connection.Engine.AggressiveMode ? "Aggressive Mode" : "Main Mode");
        HandleIkev1(outputs, now);
        return id;
    }

    private bool HasActiveIkev1Sa(string connection) =>
        _ikeSas.Values.Any(r => r.Version == 1 && r.Connection == connection && _ikev1!.GetState(r.Id) is { } state
            && state is not (IsakmpSaState.Deleted or IsakmpSaState.Failed));

    /// <summary>The timer work of the IKEv1 engine; returns the earlier of <paramref name="next"/> and its deadline.</summary>
    private DateTimeOffset? TickIkev1(DateTimeOffset now, DateTimeOffset? next)
    {
        if (_ikev1 is null)
        {
            return next;
        }

        if (_ikev1.NextDeadline is { } deadline && deadline <= now)
        {
            HandleIkev1(_ikev1.OnTimer(now), now);
        }

        Volatile.Write(ref _isakmpSaCount, _ikev1.IkeSaCount);
        return _ikev1.NextDeadline is { } d && (next is null || d < next) ? d : next;
    }

    /// <summary>Tells the engine what each IKEv1 IPsec SA pair has protected, so it rekeys at 90% and deletes at 100% of the byte lifetime.</summary>
    private void ReportIkev1Bytes(DateTimeOffset now)
    {
        foreach (var child in _children.Values.Where(IsIkev1Child).ToList())
        {
            var traffic = _dataPlane!.Traffic(child.InboundSpi, child.OutboundSpi);
            ulong bytes = (ulong)Math.Max(0, Math.Max(traffic.InboundBytes, traffic.OutboundBytes));
            if (bytes > 0)
            {
                HandleIkev1(_ikev1!.ReportChildSaBytes(child.InboundSpi, bytes, now), now);
            }
        }
    }

    private IEnumerable<ulong> Ikev1HeldSpis() => _ikev1?.IkeSas.Select(id => id.InitiatorSpi) ?? [];

    private int DeleteAllIkev1(DateTimeOffset now)
    {
        int count = 0;
        foreach (var id in _ikev1?.IkeSas ?? [])
        {
            if (_ikev1!.GetState(id) == IsakmpSaState.Established)
            {
                var record = Record(id.InitiatorSpi);
                record.Version = 1;
                record.Id = id;
                if (DeleteIkeSa(record, now))
                {
                    count++;
                }
            }
        }

        return count;
    }

    private bool IsIkev1Child(ChildSaRecord child) => _ikev1Children.Contains(child.InboundSpi);

    /// <summary>Whether an IKE SA (IKEv2) or ISAKMP SA (IKEv1: the IPsec SAs it holds now) has Child SAs.</summary>
    private bool HasChildSas(IkeSaRecord record) => record.Version == 1
        ? _ikev1?.ChildSas(record.Id).Count > 0
        : _children.Values.Any(c => c.IkeInitiatorSpi == record.InitiatorSpi);

    /// <summary>The ISAKMP SAs and the IPsec SA pairs each holds now, for <c>status</c>.</summary>
    private IEnumerable<IkeSaStatus> Ikev1Status(DateTimeOffset now)
    {
        foreach (var id in _ikev1?.IkeSas ?? [])
        {
            var state = _ikev1!.GetState(id) ?? IsakmpSaState.Failed;
            if (state == IsakmpSaState.Deleted)
            {
                continue;
            }

            var record = _ikeSas.GetValueOrDefault(id.InitiatorSpi) ?? new IkeSaRecord(id.InitiatorSpi);
            var config = ConfigOf(record.Connection);
            long? rekeyIn = record.EstablishedAt is { } at && record.Initiator && config?.Lifetime.Soft.Time is { } soft
                ? (long)Math.Max(0, (at + soft - now).TotalSeconds)
                : null;
            var held = _ikev1.ChildSas(id).ToHashSet();
            var children = _children.Values.Where(c => held.Contains(c.InboundSpi)).Select(c => ChildStatus(c, now)).ToList();
            yield return new IkeSaStatus(FormatId(id), record.Connection, 1, IsakmpStateName(state), record.Initiator, record.Local?.ToString(),
                record.Remote?.ToString(), record.RemoteIdentity?.ToString(), record.Suite?.ToString(), record.EstablishedAt, rekeyIn, children);
        }
    }

    internal static string IsakmpStateName(IsakmpSaState state) => state switch
    {
        IsakmpSaState.MainModeSaSent => "main_mode_sa_sent",
        IsakmpSaState.MainModeKeSent => "main_mode_ke_sent",
        IsakmpSaState.MainModeAuthSent => "main_mode_auth_sent",
        IsakmpSaState.MainModeSaReplied => "main_mode_sa_replied",
        IsakmpSaState.MainModeKeReplied => "main_mode_ke_replied",
        IsakmpSaState.AggressiveSent => "aggressive_sent",
        IsakmpSaState.AggressiveReplied => "aggressive_replied",
        IsakmpSaState.Established => "established",
        IsakmpSaState.Deleted => "deleted",
        IsakmpSaState.Failed => "failed",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>down of one IKEv1 IPsec SA pair: a Delete notification for it; its ISAKMP SA stays.</summary>
    private ControlResponse DownIkev1Child(string target, ChildSaRecord child, DateTimeOffset now)
    {
        HandleIkev1(_ikev1!.DeleteChildSa(child.InboundSpi, now), now);
        return ControlResponse.Success(new ActionResult(target, [], $"sent Delete for IPsec SA in 0x{child.InboundSpi:x8} out 0x{child.OutboundSpi:x8}"));
    }

    /// <summary>rekey of one IKEv1 IPsec SA pair: a new Quick Mode (the old pair is deleted once the new one is installed).</summary>
    private ControlResponse RekeyIkev1Child(string target, ChildSaRecord child, DateTimeOffset now)
    {
        HandleIkev1(_ikev1!.RekeyChildSa(child.InboundSpi, now), now);
        return ControlResponse.Success(new ActionResult(target, [], $"started a Quick Mode to rekey IPsec SA in 0x{child.InboundSpi:x8}"));
    }

    /// <summary>rekey of an ISAKMP SA (by its id): IKEv1 has no rekey, so a new phase 1 re-authenticates and takes over its IPsec SAs.</summary>
    private void RekeyIkev1(IkeSaRecord record, bool children, DateTimeOffset now)
    {
        if (!children)
        {
            HandleIkev1(_ikev1!.Reauthenticate(record.Id, now), now);
            return;
        }

        foreach (uint spi in _ikev1!.ChildSas(record.Id).ToList())
        {
            HandleIkev1(_ikev1.RekeyChildSa(spi, now), now);
        }
    }

    private void AddIkev1Stats(SortedDictionary<string, long> counters)
    {
        if (_ikev1 is null)
        {
            return;
        }

        var engine = _ikev1.Counters;
        counters["engine.ikev1.malformed"] = engine.Malformed;
        counters["engine.ikev1.unknown_cookie"] = engine.UnknownCookie;
        counters["engine.ikev1.decryption_failures"] = engine.DecryptionFailures;
        counters["engine.ikev1.unexpected_in_state"] = engine.UnexpectedInState;
        counters["engine.ikev1.retransmitted_requests_answered"] = engine.RetransmittedRequestsAnswered;
        counters["engine.ikev1.requests_retransmitted"] = engine.RequestsRetransmitted;
        counters["engine.ikev1.half_open_refused"] = engine.HalfOpenRefused;
        counters["sa.ikev1"] = _ikev1.IkeSaCount;
        counters["sa.ikev1.established"] = _ikev1.IkeSas.Count(id => _ikev1.GetState(id) == IsakmpSaState.Established);
        counters["sa.ikev1.ipsec"] = _children.Values.Count(IsIkev1Child);
    }
}
