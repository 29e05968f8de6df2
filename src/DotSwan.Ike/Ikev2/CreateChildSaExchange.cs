using System.Buffers.Binary;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2Wire;
using DotSwan.Ike.Proposals;
using DotSwan.Wire.Ikev2;
using TrafficSelector = DotSwan.Ike.TrafficSelectors.TrafficSelector;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// Our CREATE_CHILD_SA for a Child SA (RFC 7296 §1.3.1, §1.3.3): a new one with the connection's traffic selectors, or
/// the rekey of an existing one (REKEY_SA naming our inbound SPI, same selectors and mode). With key exchange transforms
/// in the ESP proposals it sends KEi (PFS) and mixes g^ir into KEYMAT. After a rekey the old pair is deleted by us, or —
/// when the peer rekeyed the same SA at the same time and our exchange holds the lowest nonce — our new pair is (§2.8.1).
/// </summary>
internal sealed class CreateChildSaExchange : IIkeSaExchange
{
    // A new Child SA refused with TEMPORARY_FAILURE is retried this often before we report it (RFC 7296 §2.25: several minutes).
    private const int MaxRetries = 10;

    private readonly uint _inboundSpi;
    private readonly byte[] _ni;
    private readonly IReadOnlyList<CryptoSuite> _offered;
    private readonly KeyExchangeMethod? _keMethod;
    private readonly IReadOnlyList<TrafficSelector> _local;
    private readonly IReadOnlyList<TrafficSelector> _remote;
    private readonly ChildSaMode _mode;
    private readonly int _attempt;
    private readonly Ikev2ChildConfig _config;
    private IKeyExchange? _keyExchange;

    private CreateChildSaExchange(ChildSa? rekeyed, uint inboundSpi, byte[] ni, IReadOnlyList<CryptoSuite> offered, KeyExchangeMethod? keMethod,
        IKeyExchange? keyExchange, IReadOnlyList<TrafficSelector> local, IReadOnlyList<TrafficSelector> remote, ChildSaMode mode, int attempt, Ikev2ChildConfig config)
    {
        _config = config;
        Rekeyed = rekeyed;
        _inboundSpi = inboundSpi;
        _ni = ni;
        _offered = offered;
        _keMethod = keMethod;
        _keyExchange = keyExchange;
        _local = local;
        _remote = remote;
        _mode = mode;
        _attempt = attempt;
    }

    public Ikev2ExchangeType ExchangeType => Ikev2ExchangeType.CreateChildSa;

    /// <summary>The Child SA this exchange rekeys, or null for a new one.</summary>
    public ChildSa? Rekeyed { get; }

    /// <summary>
    /// Sends the request when the window is free. <paramref name="rekeyed"/> null creates a new Child SA; <paramref name="keMethod"/>
    /// overrides the PFS group (after INVALID_KE_PAYLOAD). A new Child SA is made of <paramref name="child"/> (null: the
    /// connection's first child); a rekey keeps the rekeyed SA's child. Returns false when nothing was sent.
    /// </summary>
    public static bool Start(IkeSa sa, ChildSa? rekeyed, KeyExchangeMethod? keMethod, List<EngineOutput> outputs, int attempt = 0,
        Ikev2ChildConfig? child = null)
    {
        if (sa.State != IkeSaState.Established || sa.IsBusy) { return false; }
        if (rekeyed is not null && (!sa.Children.Contains(rekeyed) || rekeyed.State != ChildSaState.Installed)) { return false; }
        var connection = sa.Connection;
        var config = rekeyed?.Config ?? child ?? connection.FirstChild;
        var offered = config.EspProposals;
        var method = keMethod ?? (offered.SelectMany(s => s.KeyExchange).Where(k => k != KeyExchangeMethod.None).ToList() is [var first, ..] ? first : null);
        IKeyExchange? keyExchange = null;
        if (method is { } m)
        {
            if (!sa.Registry.TryGetKeyExchange(m, out var factory, out var error))
            {
                outputs.Add(new IkeSaFailed(sa.Id, connection.Name, IkeSaFailureKind.Crypto, $"Child SA: PFS key exchange method {m}: {error}"));
                return false;
            }
            keyExchange = factory!.CreateInitiator();
        }
        uint spi = sa.NewChildSpi();
        var spiBytes = SpiBytes(spi);
        var ni = IkeSa.RandomBytes(sa.Random, IkeSa.NonceLength);
        var local = rekeyed?.Local ?? config.LocalTrafficSelectors;
        var remote = rekeyed?.Remote ?? config.RemoteTrafficSelectors;
        var mode = rekeyed?.Mode ?? config.Mode;
        var inner = new List<Ikev2Payload>();
        if (rekeyed is not null) { inner.Add(new NotifyPayload(ProtocolId.Esp, SpiBytes(rekeyed.InboundSpi), NotifyType.RekeySa, default)); }
        if (mode == ChildSaMode.Transport) { inner.Add(IkeSa.Notify(NotifyType.UseTransportMode)); }
        inner.Add(Ikev2PayloadConverter.ToWire(offered.Select((s, i) => s.ToOffered((byte)(i + 1), spiBytes)).ToList()));
        inner.Add(new NoncePayload(ni));
        if (keyExchange is not null) { inner.Add(new KeyExchangePayload((ushort)method!.Value, keyExchange.PublicValue)); }
        inner.Add(new TrafficSelectorPayload(true, [.. local.Select(Ikev2PayloadConverter.ToWire)]));
        inner.Add(new TrafficSelectorPayload(false, [.. remote.Select(Ikev2PayloadConverter.ToWire)]));
        if (rekeyed is not null) { rekeyed.State = ChildSaState.Rekeying; }
        sa.SendExchangeRequest(new CreateChildSaExchange(rekeyed, spi, ni, offered, method, keyExchange, local, remote, mode, attempt, config), inner, outputs);
        return true;
    }

    public void OnResponse(IkeSa sa, IReadOnlyList<Ikev2Payload> inner, List<EngineOutput> outputs)
    {
        using var keyExchange = _keyExchange;
        _keyExchange = null;
        var old = Rekeyed;
        bool oldAlive = old is not null && sa.Children.Contains(old);
        if (oldAlive && old!.State == ChildSaState.Rekeying) { old.State = ChildSaState.Installed; }
        string what = old is null ? "new Child SA" : $"rekey of Child SA {old}";

        if (inner.OfType<NotifyPayload>().FirstOrDefault(n => (ushort)n.NotifyType < 16384) is { } error)
        {
            OnError(sa, error, oldAlive, what, outputs);
            return;
        }
        if (!TryReadResponse(sa, inner, keyExchange, out var suite, out uint peerSpi, out var nr, out var secret, out var local, out var remote, out string reason))
        {
            outputs.Add(new IkeSaFailed(sa.Id, sa.Connection.Name, IkeSaFailureKind.InvalidMessage, $"Child SA: {what}: {reason}"));
            return;
        }
        var mode = _mode == ChildSaMode.Transport && IkeSa.FindNotify(inner, NotifyType.UseTransportMode) is not null ? ChildSaMode.Transport : ChildSaMode.Tunnel;
        ChildSa? created;
        using (secret)
        {
            created = sa.InstallChild(suite!, _inboundSpi, peerSpi, local, remote, mode, secret is null ? [] : secret.ReadOnlySpan, _ni, nr,
                weInitiatedExchange: true, outputs, _config);
        }
        if (created is null || old is null) { return; }
        old.TemporaryFailures = 0;
        outputs.Add(new ChildSaRekeyed(sa.Id, sa.Connection.Name, old.InboundSpi, created.InboundSpi, WeInitiated: true));
        var now = sa.Now;
        if (old.Collision is { } collision)
        {
            // Both peers rekeyed the old SA (RFC 7296 §2.8.1): the exchange with the lowest nonce made the redundant SA,
            // and its initiator deletes it; the other initiator deletes the old SA.
            old.Collision = null;
            sa.Counters.RekeyCollisions++;
            if (oldAlive) { old.State = ChildSaState.Rekeyed; }
            if (collision.OurExchangeIsRedundant(_ni, nr))
            {
                sa.Schedule.Enqueue(now, $"delete redundant Child SA {created}", (s, o) => ChildSaDeleteExchange.Start(s, created, o));
            }
            else if (oldAlive)
            {
                sa.Schedule.Enqueue(now, $"delete rekeyed Child SA {old}", (s, o) => ChildSaDeleteExchange.Start(s, old, o));
            }
            return;
        }
        if (oldAlive)
        {
            old.State = ChildSaState.Rekeyed;
            sa.Schedule.Enqueue(now, $"delete rekeyed Child SA {old}", (s, o) => ChildSaDeleteExchange.Start(s, old, o));
        }
    }

    private void OnError(IkeSa sa, NotifyPayload error, bool oldAlive, string what, List<EngineOutput> outputs)
    {
        var old = Rekeyed;
        var now = sa.Now;
        var name = sa.Connection.Name;
        switch (error.NotifyType)
        {
            case NotifyType.TemporaryFailure when old?.Collision is not null:
                // The peer is deleting the old SA after its own rekey of it, which we answered: that new SA replaces it.
                old.Collision = null;
                if (oldAlive) { old.State = ChildSaState.Rekeyed; }
                return;
            case NotifyType.TemporaryFailure when old is not null:
                // RFC 7296 §2.25: wait, then retry (the hard lifetime bounds the retries).
                if (oldAlive)
                {
                    old.TemporaryFailures++;
                    old.RekeyAt = now + IkeSaSchedule.RetryDelay(sa.Random);
                }
                return;
            case NotifyType.TemporaryFailure when _attempt < MaxRetries:
                sa.Schedule.Enqueue(now + IkeSaSchedule.RetryDelay(sa.Random), "retry new Child SA",
                    (s, o) => Start(s, null, _keMethod, o, _attempt + 1, _config));
                return;
            case NotifyType.ChildSaNotFound when old is not null:
                // RFC 7296 §2.25: the peer has no such SA; drop ours and create a new one from scratch (unless the peer's
                // own rekey of it already replaced it).
                if (old.Collision is not null)
                {
                    old.Collision = null;
                    if (oldAlive) { old.State = ChildSaState.Rekeyed; }
                    return;
                }
                if (oldAlive) { sa.RemoveChild(old, outputs); }
                sa.Schedule.Enqueue(now, "new Child SA after CHILD_SA_NOT_FOUND", (s, o) => Start(s, null, null, o, child: _config));
                return;
            case NotifyType.InvalidKePayload when error.Data.Length == 2:
                var wanted = (KeyExchangeMethod)BinaryPrimitives.ReadUInt16BigEndian(error.Data.Span);
                if (wanted != _keMethod && _offered.Any(s => s.KeyExchange.Contains(wanted)))
                {
                    // RFC 7296 §1.3: retry with the group the responder asked for.
                    sa.Schedule.Enqueue(now, "CREATE_CHILD_SA with the requested group",
                        (s, o) => Start(s, old is not null && s.Children.Contains(old) ? old : null, wanted, o, child: _config));
                    if (old is not null) { old.RekeyAt = DateTimeOffset.MaxValue; }
                    return;
                }
                break;
        }
        if (oldAlive) { old!.RekeyAt = DateTimeOffset.MaxValue; } // it lives until its hard lifetime
        var kind = error.NotifyType switch
        {
            NotifyType.NoProposalChosen => IkeSaFailureKind.NoProposalChosen,
            NotifyType.InvalidKePayload => IkeSaFailureKind.InvalidKePayload,
            NotifyType.TsUnacceptable => IkeSaFailureKind.TsUnacceptable,
            _ => IkeSaFailureKind.InvalidMessage,
        };
        outputs.Add(new IkeSaFailed(sa.Id, name, kind, $"Child SA: peer refused the {what} with {error.NotifyType}"
            + (kind == IkeSaFailureKind.NoProposalChosen ? $"; we proposed {string.Join(", ", _offered)}" : "")));
    }

    private bool TryReadResponse(IkeSa sa, IReadOnlyList<Ikev2Payload> inner, IKeyExchange? keyExchange, out CryptoSuite? suite, out uint peerSpi,
        out byte[] nr, out SecretBytes? secret, out IReadOnlyList<TrafficSelector> local, out IReadOnlyList<TrafficSelector> remote, out string reason)
    {
        suite = null;
        peerSpi = 0;
        nr = [];
        secret = null;
        local = remote = [];
        var saPayload = inner.OfType<SecurityAssociationPayload>().FirstOrDefault();
        var nonce = inner.OfType<NoncePayload>().FirstOrDefault();
        var ke = inner.OfType<KeyExchangePayload>().FirstOrDefault();
        var tsi = inner.OfType<TrafficSelectorPayload>().FirstOrDefault(p => p.IsInitiator);
        var tsr = inner.OfType<TrafficSelectorPayload>().FirstOrDefault(p => !p.IsInitiator);
        if (saPayload is not { Proposals: [var proposal] } || nonce is null || tsi is null || tsr is null || proposal.Spi.Length != 4)
        {
            reason = "response lacks one SA proposal with a 4-byte SPI, Nr, TSi or TSr";
            return false;
        }
        if (nonce.Data.Length is < IkeSa.MinNonceLength or > IkeSa.MaxNonceLength)
        {
            reason = $"responder nonce of {nonce.Data.Length} bytes";
            return false;
        }
        var selection = ProposalSelector.CheckResponse(_offered, Ikev2PayloadConverter.FromWire(proposal));
        if (!selection.IsSuccess)
        {
            reason = selection.Reason;
            return false;
        }
        var chosen = selection.Selected!;
        bool pfs = chosen.KeyExchange is [var group, ..] && group != KeyExchangeMethod.None;
        if (pfs != (keyExchange is not null) || (pfs && (chosen.KeyExchange[0] != _keMethod || ke is null || ke.Group != (ushort)_keMethod!.Value)))
        {
            reason = $"responder chose {chosen} {(ke is null ? "without a KE payload" : $"with a KE payload of group {ke.Group}")}; we sent {_keMethod?.ToString() ?? "no KE"}";
            return false;
        }
        if (!IkeSa.TryConvert(tsi.Selectors, out local) || !IkeSa.TryConvert(tsr.Selectors, out remote))
        {
            reason = "malformed traffic selectors";
            return false;
        }
        var ourLocal = _local;
        var ourRemote = _remote;
        if (!local.All(t => ourLocal.Any(c => c.Contains(t))) || !remote.All(t => ourRemote.Any(c => c.Contains(t))))
        {
            reason = $"responder chose {string.Join(' ', local)} === {string.Join(' ', remote)}, outside what we proposed";
            return false;
        }
        if (pfs && !keyExchange!.TryComputeSharedSecret(ke!.Data.Span, out secret, out var keError))
        {
            reason = $"responder's KE value is unusable: {keError}";
            return false;
        }
        suite = chosen;
        peerSpi = BinaryPrimitives.ReadUInt32BigEndian(proposal.Spi.Span);
        nr = nonce.Data.ToArray();
        reason = "";
        _ = sa;
        return true;
    }

    public void Abandon()
    {
        _keyExchange?.Dispose();
        _keyExchange = null;
        if (Rekeyed is { State: ChildSaState.Rekeying } old) { old.State = ChildSaState.Installed; }
    }

    internal static byte[] SpiBytes(uint spi)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, spi);
        return bytes;
    }
}
