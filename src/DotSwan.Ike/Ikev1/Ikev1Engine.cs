using System.Buffers.Binary;
using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// The sans-I/O IKEv1 engine (RFC 2408, 2409, 2407, 3947, 3706): owns the ISAKMP SAs of one host and the IPsec SA pairs
/// their Quick Modes negotiated. Driven like <see cref="Ikev2.Ikev2Engine"/> by received datagrams, timer deadlines and
/// commands, each stamped with the current time; answers with datagrams to send, SAs to install or delete and events.
/// It never reads a clock, opens a socket or draws randomness other than from the injected <see cref="IRandomSource"/>,
/// and no received input makes it throw. Not thread-safe: one caller at a time.
/// </summary>
public sealed class Ikev1Engine : IDisposable
{
    private const int MaxQuickModesPerSa = 32;

    private IReadOnlyList<Ikev1Connection> _connections;
    private readonly Dictionary<ulong, IsakmpSa> _byLocalCookie = [];
    // Responder SAs by the initiator's cookie and address, so that a repeated first message finds its SA.
    private readonly Dictionary<(ulong CookieI, IPAddress Remote), IsakmpSa> _halfOpen = [];
    private readonly HashSet<uint> _spis = [];
    // Deadlines in a priority queue, recorded for the SAs each call touched (instead of scanning every SA per message).
    private readonly SaTimerQueue<IsakmpSa> _timers = new();
    private readonly HashSet<IsakmpSa> _touched = new(ReferenceEqualityComparer.Instance);
    // The deleted or failed SAs, the only ones Settle has to look at for removal.
    private readonly HashSet<IsakmpSa> _gone = new(ReferenceEqualityComparer.Instance);
    // SAs by connection and the peer's identity, so that INITIAL-CONTACT finds the peer's older SAs without a scan.
    private readonly Dictionary<(Ikev1Connection Connection, IkeIdentity Peer), List<IsakmpSa>> _byPeer = [];
    // How many held SAs carry each initiator cookie (ours as initiator, the peer's as responder).
    private readonly Dictionary<ulong, int> _initiatorCookies = [];

    /// <summary>An engine that answers peers with <paramref name="connections"/> and draws randomness from <paramref name="random"/>.</summary>
    public Ikev1Engine(IEnumerable<Ikev1Connection> connections, IRandomSource random, TransformRegistry? registry = null, Ikev1EngineSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = [.. connections];
        Random = random ?? throw new ArgumentNullException(nameof(random));
        Registry = registry ?? TransformRegistry.Default;
        Settings = settings ?? Ikev1EngineSettings.Default;
    }

    /// <summary>
    /// Replaces the connections responders are matched against (a configuration reload). SAs already negotiated keep the
    /// connection they were made with.
    /// </summary>
    public void ReplaceConnections(IEnumerable<Ikev1Connection> connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = [.. connections];
    }

    /// <summary>Counters of inputs that were dropped, answered again or retransmitted.</summary>
    public Ikev1EngineCounters Counters { get; } = new();

    internal IRandomSource Random { get; }

    internal TransformRegistry Registry { get; }

    internal Ikev1EngineSettings Settings { get; }

    /// <summary>When <see cref="OnTimer"/> must next be called, or null when nothing waits for time.</summary>
    public DateTimeOffset? NextDeadline => _timers.Peek();

    /// <summary>How many times an SA's deadline was computed or an SA was taken from the timer queue (for tests: per call, not per SA held).</summary>
    internal long TimerVisits => _timers.Visits;

    /// <summary>The ISAKMP SAs the engine holds (including ones lingering after failure or deletion).</summary>
    public IReadOnlyList<IkeSaId> IkeSas => [.. _byLocalCookie.Values.Select(sa => sa.Id)];

    /// <summary>How many ISAKMP SAs the engine holds, without listing them (the daemon reads it on every tick).</summary>
    public int IkeSaCount => _byLocalCookie.Count;

    /// <summary>Whether the engine holds an ISAKMP SA with this initiator cookie (ours or the peer's), without visiting every SA.</summary>
    public bool HoldsInitiatorCookie(ulong initiatorCookie) => _initiatorCookies.ContainsKey(initiatorCookie);

    /// <summary>The state of an ISAKMP SA, or null when the engine does not hold it.</summary>
    public IsakmpSaState? GetState(IkeSaId id) => Find(id)?.State;

    /// <summary>The inbound SPIs of the IPsec SA pairs installed under an ISAKMP SA.</summary>
    public IReadOnlyList<uint> ChildSas(IkeSaId id) => Find(id)?.Children.Select(c => c.InboundSpi).ToList() ?? [];

    /// <summary>Quick Mode keys derived so far from the keying material of an ISAKMP SA.</summary>
    public int QuickModesUsed(IkeSaId id) => Find(id)?.QuickModesUsed ?? 0;

    /// <summary>Starts phase 1 for <paramref name="connection"/> as initiator, followed by one Quick Mode.</summary>
    public IReadOnlyList<EngineOutput> Initiate(Ikev1Connection connection, DateTimeOffset now, out IkeSaId id)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var outputs = new List<EngineOutput>();
        var sa = StartInitiator(connection, connection.LocalEndPoint, connection.RemoteEndPoint, now, outputs);
        sa.Queued.Add(new QuickModeRequest(null));
        id = sa.Id;
        Settle(now);
        return outputs;
    }

    /// <summary>Starts phase 1 for <paramref name="connection"/> as initiator, followed by one Quick Mode.</summary>
    public IReadOnlyList<EngineOutput> Initiate(Ikev1Connection connection, DateTimeOffset now) => Initiate(connection, now, out _);

    /// <summary>Runs one more Quick Mode (a new IPsec SA pair) over the ISAKMP SA, or over a new phase 1 when the key protection settings say so.</summary>
    public IReadOnlyList<EngineOutput> StartQuickMode(IkeSaId id, DateTimeOffset now)
    {
        var outputs = new List<EngineOutput>();
        if (Find(id) is { IsGone: false } sa) { RequestQuickMode(sa, new QuickModeRequest(null), now, outputs); }
        Settle(now);
        return outputs;
    }

    /// <summary>Rekeys the IPsec SA pair whose inbound SPI is <paramref name="inboundSpi"/> (a new Quick Mode; the old pair is deleted once the new one is installed).</summary>
    public IReadOnlyList<EngineOutput> RekeyChildSa(uint inboundSpi, DateTimeOffset now)
    {
        var outputs = new List<EngineOutput>();
        if (FindChild(inboundSpi) is ({ IsGone: false } sa, { } child))
        {
            Touch(sa);
            child.RekeyStarted = true;
            RequestQuickMode(sa, new QuickModeRequest(child), now, outputs);
        }
        Settle(now);
        return outputs;
    }

    /// <summary>Negotiates a new phase 1 with the peer of an ISAKMP SA (re-authenticating); it takes over the IPsec SAs and the old SA is then deleted.</summary>
    public IReadOnlyList<EngineOutput> Reauthenticate(IkeSaId id, DateTimeOffset now)
    {
        var outputs = new List<EngineOutput>();
        if (Find(id) is { IsEstablished: true } sa) { Renew(sa, null, now, outputs); }
        Settle(now);
        return outputs;
    }

    /// <summary>Deletes one IPsec SA pair (Delete notification to the peer, then <see cref="DeleteChildSa"/>).</summary>
    public IReadOnlyList<EngineOutput> DeleteChildSa(uint inboundSpi, DateTimeOffset now)
    {
        var outputs = new List<EngineOutput>();
        if (FindChild(inboundSpi) is ({ } sa, { } child))
        {
            Touch(sa);
            InformationalExchange.DeleteChildren(sa, [child], "deleted by command", now, outputs);
        }
        Settle(now);
        return outputs;
    }

    /// <summary>Deletes an ISAKMP SA and its IPsec SA pairs, telling the peer.</summary>
    public IReadOnlyList<EngineOutput> Delete(IkeSaId id, DateTimeOffset now)
    {
        var outputs = new List<EngineOutput>();
        if (Find(id) is { } sa)
        {
            Touch(sa);
            InformationalExchange.DeleteIsakmpSa(sa, "deleted by command", now, outputs);
        }
        Settle(now);
        return outputs;
    }

    /// <summary>Sends an RFC 3706 R-U-THERE; a peer that leaves it and its retransmissions unanswered fails the SA.</summary>
    public IReadOnlyList<EngineOutput> CheckLiveness(IkeSaId id, DateTimeOffset now)
    {
        var outputs = new List<EngineOutput>();
        if (Find(id) is { IsEstablished: true, DpdDeadline: null } sa)
        {
            Touch(sa);
            InformationalExchange.SendDpd(sa, now, outputs);
        }
        Settle(now);
        return outputs;
    }

    /// <summary>
    /// Reports the bytes an IPsec SA pair has protected so far (the data plane's counter of the inbound or outbound SA).
    /// At 90% of the negotiated kilobyte lifetime the pair is rekeyed, at 100% it is deleted.
    /// </summary>
    public IReadOnlyList<EngineOutput> ReportChildSaBytes(uint inboundSpi, ulong bytes, DateTimeOffset now)
    {
        var outputs = new List<EngineOutput>();
        if (FindChild(inboundSpi) is ({ } sa, { } child))
        {
            Touch(sa);
            child.Bytes = Math.Max(child.Bytes, bytes);
            if (child.OverHardBytes)
            {
                InformationalExchange.DeleteChildren(sa, [child], "kilobyte lifetime reached", now, outputs);
            }
            else if (child.OverSoftBytes && !child.RekeyStarted && !sa.IsGone)
            {
                child.RekeyStarted = true;
                RequestQuickMode(sa, new QuickModeRequest(child), now, outputs);
            }
        }
        Settle(now);
        return outputs;
    }

    /// <summary>Handles one received UDP payload (an ISAKMP message without the non-ESP marker). Never throws on its content.</summary>
    public IReadOnlyList<EngineOutput> Receive(ReadOnlySpan<byte> datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        var outputs = new List<EngineOutput>();
        var bytes = datagram.ToArray();
        if (!IsakmpMessageCodec.TryDecode(bytes, out var message, out _) || message.Header.Length != bytes.Length)
        {
            Counters.Malformed++;
            return outputs;
        }
        Route(message, bytes, local, remote, now, outputs);
        Settle(now);
        return outputs;
    }

    /// <summary>Retransmits, expires lifetimes, rekeys, probes and gives up on silent peers whose deadline has come.</summary>
    public IReadOnlyList<EngineOutput> OnTimer(DateTimeOffset now)
    {
        var outputs = new List<EngineOutput>();
        var due = new List<IsakmpSa>();
        _timers.TakeDue(now, due);
        foreach (var sa in due)
        {
            Touch(sa);
            IsakmpSaTimers.OnTimer(sa, now, outputs);
        }
        Settle(now);
        return outputs;
    }

    private void Route(IsakmpMessage message, byte[] bytes, IPEndPoint local, IPEndPoint remote, DateTimeOffset now, List<EngineOutput> outputs)
    {
        var h = message.Header;
        IsakmpSa? sa;
        if (h.ResponderCookie == 0 && h.MessageId == 0 && !h.IsEncrypted
            && h.ExchangeType is IsakmpExchangeType.IdentityProtection or IsakmpExchangeType.Aggressive)
        {
            if (_halfOpen.TryGetValue((h.InitiatorCookie, remote.Address), out sa))
            {
                Dispatch(sa, message, bytes, local, remote, now, outputs);
                return;
            }
            if (_byLocalCookie.ContainsKey(h.InitiatorCookie))
            {
                Counters.UnexpectedInState++;
                return;
            }
            if (_halfOpen.Count >= Settings.MaxHalfOpen)
            {
                Counters.HalfOpenRefused++;
                return;
            }
            sa = h.ExchangeType == IsakmpExchangeType.Aggressive
                ? AggressiveModeResponder.Start(this, message, bytes, local, remote, now, outputs)
                : MainModeResponder.Start(this, message, bytes, local, remote, now, outputs);
            if (sa is not null)
            {
                Touch(sa);
                _byLocalCookie[sa.LocalCookie] = sa;
                CountInitiatorCookie(sa.CookieI, +1);
                if (IsakmpSaTransitions.IsHalfOpen(sa.State)) { _halfOpen[(sa.CookieI, remote.Address)] = sa; }
            }
            return;
        }
        sa = _byLocalCookie.GetValueOrDefault(h.InitiatorCookie);
        if (sa is null || !sa.IsInitiator || (sa.CookieR != 0 && h.ResponderCookie != 0 && sa.CookieR != h.ResponderCookie))
        {
            sa = _byLocalCookie.GetValueOrDefault(h.ResponderCookie);
            if (sa is not null && (sa.IsInitiator || sa.CookieI != h.InitiatorCookie)) { sa = null; }
        }
        if (sa is null)
        {
            Counters.UnknownCookie++;
            return;
        }
        Dispatch(sa, message, bytes, local, remote, now, outputs);
        Phase1Volume.Check(sa, now, outputs);
    }

    private void Dispatch(IsakmpSa sa, IsakmpMessage message, byte[] bytes, IPEndPoint local, IPEndPoint remote, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        Touch(sa);
        var h = message.Header;
        switch (h.ExchangeType)
        {
            case IsakmpExchangeType.IdentityProtection or IsakmpExchangeType.Aggressive when h.MessageId == 0:
                if (sa.Phase1Messages.IsRepeatOfAnswered(bytes))
                {
                    Counters.RetransmittedRequestsAnswered++;
                    sa.Send(sa.Phase1Messages.Message!, outputs);
                    return;
                }
                if (sa.IsGone || sa.IsEstablished)
                {
                    Counters.UnexpectedInState++;
                    return;
                }
                if (h.ExchangeType == IsakmpExchangeType.Aggressive)
                {
                    if (sa.IsInitiator) { AggressiveModeInitiator.Receive(sa, message, bytes, local, remote, now, outputs); }
                    else { AggressiveModeResponder.Receive(sa, message, bytes, local, remote, now, outputs); }
                }
                else if (sa.IsInitiator) { MainModeInitiator.Receive(sa, message, bytes, local, remote, now, outputs); }
                else { MainModeResponder.Receive(sa, message, bytes, local, remote, now, outputs); }
                return;
            case IsakmpExchangeType.Informational when !sa.IsGone:
                InformationalExchange.Receive(sa, message, now, outputs);
                return;
            case IsakmpExchangeType.QuickMode when sa.IsEstablished && h.MessageId != 0:
                if (sa.QuickModes.TryGetValue(h.MessageId, out var qm))
                {
                    if (qm.Messages.IsRepeatOfAnswered(bytes))
                    {
                        Counters.RetransmittedRequestsAnswered++;
                        sa.Send(qm.Messages.Message!, outputs);
                    }
                    else if (qm.IsInitiator) { QuickModeInitiator.Receive(sa, qm, message, bytes, now, outputs); }
                    else { QuickModeResponder.Receive(sa, qm, message, now, outputs); }
                    return;
                }
                if (sa.QuickModes.Count >= MaxQuickModesPerSa)
                {
                    Counters.UnexpectedInState++;
                    return;
                }
                QuickModeResponder.Start(sa, message, bytes, now, outputs);
                return;
            default:
                Counters.UnexpectedInState++;
                return;
        }
    }

    // ---- Orchestration used by the exchanges ----

    internal IsakmpSa StartInitiator(Ikev1Connection connection, IPEndPoint local, IPEndPoint remote, DateTimeOffset now, List<EngineOutput> outputs)
    {
        var state = connection.AggressiveMode ? IsakmpSaState.AggressiveSent : IsakmpSaState.MainModeSaSent;
        var sa = new IsakmpSa(this, connection, isInitiator: true, NewCookie(), 0, local, remote, state, now);
        _byLocalCookie[sa.LocalCookie] = sa;
        CountInitiatorCookie(sa.CookieI, +1);
        Touch(sa);
        if (connection.AggressiveMode) { AggressiveModeInitiator.Start(sa, now, outputs); }
        else { MainModeInitiator.Start(sa, now, outputs); }
        return sa;
    }

    internal IEnumerable<Ikev1Connection> ConnectionsFor(IPEndPoint remote, bool aggressive) =>
        _connections.Where(c => c.AggressiveMode == aggressive
            && (c.RemoteEndPoint.Address.Equals(IPAddress.Any) || c.RemoteEndPoint.Address.Equals(IPAddress.IPv6Any) || c.RemoteEndPoint.Address.Equals(remote.Address)));

    /// <summary>Phase 1 is complete: announce it, honour INITIAL-CONTACT, take over from the SA this one replaces, run queued Quick Modes.</summary>
    internal void Establish(IsakmpSa sa, DateTimeOffset now, List<EngineOutput> outputs)
    {
        if (!sa.MoveTo(IsakmpSaState.Established, now)) { return; }
        _halfOpen.Remove((sa.CookieI, sa.Remote.Address));
        if (sa.KeyLogEntry is { } keyLog)
        {
            sa.KeyLogEntry = null;
            outputs.Add(new IsakmpSaKeysDerived(sa.Id, sa.Connection.Name, keyLog));
        }
        outputs.Add(new IkeSaEstablished(sa.Id, sa.Connection.Name, sa.IsInitiator, sa.Chosen!.ToSuite(), sa.RemoteIdentity!));
        if (sa.InitialContactReceived)
        {
            // Only the SAs of the same peer (RFC 2407 4.6.3.3: the SAs "for the sender"): same connection, address and authenticated identity, since
            // several peers (each with its own identity) can share one address behind a NAT or match one %any connection.
            var samePeer = _byPeer.GetValueOrDefault((sa.Connection, sa.RemoteIdentity!)) ?? [];
            foreach (var other in samePeer.Where(o => o != sa && !o.IsGone && o.Connection == sa.Connection
                         && o.Remote.Address.Equals(sa.Remote.Address) && Equals(o.RemoteIdentity, sa.RemoteIdentity)
                         && o.Successor is null && o.Replaces is null).ToList())
            {
                Touch(other);
                InformationalExchange.DeleteChildren(other, [.. other.Children], "INITIAL-CONTACT", now, outputs, tellPeer: false);
                InformationalExchange.DeleteIsakmpSa(other, $"INITIAL-CONTACT from {sa.RemoteIdentity}: the peer restarted", now, outputs, tellPeer: false);
            }
        }
        if (sa.Replaces is { } old)
        {
            Touch(old);
            sa.Replaces = null;
            old.Successor = null;
            sa.Children.AddRange(old.Children);
            old.Children.Clear();
            InformationalExchange.DeleteIsakmpSa(old, $"replaced by {sa.Id}", now, outputs);
        }
        var queued = sa.Queued.ToList();
        sa.Queued.Clear();
        foreach (var request in queued) { RequestQuickMode(sa, request, now, outputs); }
    }

    /// <summary>Starts a Quick Mode, or a new phase 1 first when the update limit or master key PFS says the keying material is used up.</summary>
    internal void RequestQuickMode(IsakmpSa sa, QuickModeRequest request, DateTimeOffset now, List<EngineOutput> outputs)
    {
        Touch(sa);
        if (sa.Successor is { IsGone: false } next)
        {
            Touch(next);
            if (next.IsEstablished) { RequestQuickMode(next, request, now, outputs); }
            else { next.Queued.Add(request); }
            return;
        }
        if (sa.IsGone) { return; }
        if (!sa.IsEstablished)
        {
            sa.Queued.Add(request);
            return;
        }
        bool pfs = QuickModeKeying.Offers(sa) is [var first, ..] && first.Pfs != KeyExchangeMethod.None;
        if (sa.Connection.KeyProtection.NeedsNewPhase1(sa.QuickModesUsed, pfs))
        {
            Renew(sa, request, now, outputs);
            return;
        }
        QuickModeInitiator.Start(sa, request, now, outputs);
    }

    /// <summary>Negotiates a new phase 1 with the same peer that takes over <paramref name="old"/>'s IPsec SAs once established.</summary>
    internal void Renew(IsakmpSa old, QuickModeRequest? request, DateTimeOffset now, List<EngineOutput> outputs)
    {
        Touch(old);
        old.RenewalStarted = true;
        if (old.Successor is { IsGone: false } existing)
        {
            Touch(existing);
            if (request is not null) { existing.Queued.Add(request); }
            return;
        }
        var connection = old.Connection;
        var sa = StartInitiator(connection, new IPEndPoint(old.Local.Address, connection.LocalEndPoint.Port),
            new IPEndPoint(old.Remote.Address, connection.RemoteEndPoint.Port), now, outputs);
        sa.Replaces = old;
        old.Successor = sa;
        if (request is not null) { sa.Queued.Add(request); }
    }

    /// <summary>An SA was deleted or failed: forget its half-open entry; IPsec SAs nobody will take over are removed.</summary>
    internal void OnGone(IsakmpSa sa, DateTimeOffset now, List<EngineOutput> outputs)
    {
        Touch(sa);
        _gone.Add(sa);
        _halfOpen.Remove((sa.CookieI, sa.Remote.Address));
        if (sa.Successor is null or { IsGone: true })
        {
            if (Sibling(sa) is { } sibling)
            {
                sibling.Children.AddRange(sa.Children);
                sa.Children.Clear();
            }
            InformationalExchange.DeleteChildren(sa, [.. sa.Children], "ISAKMP SA gone", now, outputs, tellPeer: false);
        }
        if (sa.Replaces is { } old && old.Successor == sa)
        {
            Touch(old);
            old.Successor = null;
            if (old.IsGone) { OnGone(old, now, outputs); }
        }
    }

    /// <summary>True when no other live SA of this connection with this peer exists (INITIAL-CONTACT is then due).</summary>
    internal bool IsFirstContact(IsakmpSa sa) =>
        !_byLocalCookie.Values.Any(o => o != sa && !o.IsGone && o.Connection == sa.Connection && o.Remote.Address.Equals(sa.Remote.Address));

    /// <summary>Another established SA of the same connection and peer (after a reauthentication) that can adopt IPsec SAs.</summary>
    /// <remarks>Its callers hand it IPsec SAs, so it counts as touched.</remarks>
    internal IsakmpSa? Sibling(IsakmpSa sa)
    {
        var sibling = _byLocalCookie.Values.FirstOrDefault(o => o != sa && o.IsEstablished && o.Connection == sa.Connection && o.Remote.Address.Equals(sa.Remote.Address));
        if (sibling is not null) { Touch(sibling); }
        return sibling;
    }

    /// <summary>
    /// Marks an SA whose deadline may have changed during this call; its deadline is recorded in the timer queue when the
    /// call ends (<see cref="Settle"/>). Whatever changes another SA than the one a call is about must touch it.
    /// </summary>
    internal void Touch(IsakmpSa sa) => _touched.Add(sa);

    /// <summary>An SA learnt (or changed) its peer's identity: file it under the new one.</summary>
    internal void OnRemoteIdentity(IsakmpSa sa, IkeIdentity? previous)
    {
        if (previous is not null) { Unindex(sa, previous); }
        if (sa.RemoteIdentity is { } identity)
        {
            var key = (sa.Connection, identity);
            if (!_byPeer.TryGetValue(key, out var list)) { _byPeer[key] = list = []; }
            list.Add(sa);
        }
    }

    private void CountInitiatorCookie(ulong cookie, int delta)
    {
        int count = _initiatorCookies.GetValueOrDefault(cookie) + delta;
        if (count > 0) { _initiatorCookies[cookie] = count; }
        else { _initiatorCookies.Remove(cookie); }
    }

    private void Unindex(IsakmpSa sa, IkeIdentity identity)
    {
        var key = (sa.Connection, identity);
        if (_byPeer.TryGetValue(key, out var list) && list.Remove(sa) && list.Count == 0) { _byPeer.Remove(key); }
    }

    internal ulong NewCookie()
    {
        Span<byte> bytes = stackalloc byte[8];
        ulong cookie;
        do
        {
            Random.Fill(bytes);
            cookie = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }
        while (cookie == 0 || _byLocalCookie.ContainsKey(cookie));
        return cookie;
    }

    internal uint NewSpi()
    {
        Span<byte> bytes = stackalloc byte[4];
        uint spi;
        do
        {
            Random.Fill(bytes);
            spi = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }
        while (spi < 256 || !_spis.Add(spi));
        return spi;
    }

    /// <summary>An inbound SPI is no longer in use (its pair was deleted, or its Quick Mode failed).</summary>
    internal void ReleaseSpi(uint spi) => _spis.Remove(spi);

    internal uint NewMessageId()
    {
        Span<byte> bytes = stackalloc byte[4];
        uint id;
        do
        {
            Random.Fill(bytes);
            id = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }
        while (id == 0);
        return id;
    }

    internal IsakmpSa? Find(IkeSaId id)
    {
        foreach (var cookie in (ReadOnlySpan<ulong>)[id.InitiatorSpi, id.ResponderSpi])
        {
            if (_byLocalCookie.TryGetValue(cookie, out var sa) && sa.CookieI == id.InitiatorSpi) { return sa; }
        }
        return null;
    }

    private (IsakmpSa? Sa, Ikev1ChildSa? Child) FindChild(uint inboundSpi)
    {
        foreach (var sa in _byLocalCookie.Values)
        {
            if (sa.Children.FirstOrDefault(c => c.InboundSpi == inboundSpi) is { } child) { return (sa, child); }
        }
        return (null, null);
    }

    /// <summary>End of a call: forget the gone SAs whose linger time has passed, record the touched SAs' deadlines.</summary>
    private void Settle(DateTimeOffset now)
    {
        if (_gone.Count > 0)
        {
            foreach (var sa in _gone.Where(s => s.CanBeRemoved(now)).ToList())
            {
                _gone.Remove(sa);
                _touched.Remove(sa);
                if (sa.RemoteIdentity is { } identity) { Unindex(sa, identity); }
                _timers.Remove(sa);
                if (_byLocalCookie.TryGetValue(sa.LocalCookie, out var held) && held == sa)
                {
                    _byLocalCookie.Remove(sa.LocalCookie);
                    CountInitiatorCookie(sa.CookieI, -1);
                }
                if (_halfOpen.TryGetValue((sa.CookieI, sa.Remote.Address), out var half) && half == sa) { _halfOpen.Remove((sa.CookieI, sa.Remote.Address)); }
                sa.Dispose();
            }
        }
        foreach (var sa in _touched) { _timers.Update(sa); }
        _touched.Clear();
    }

    /// <summary>Disposes every ISAKMP SA (their keys are cleared).</summary>
    public void Dispose()
    {
        foreach (var sa in _byLocalCookie.Values) { sa.Dispose(); }
        _byLocalCookie.Clear();
        _halfOpen.Clear();
        _gone.Clear();
        _touched.Clear();
        _byPeer.Clear();
        _initiatorCookies.Clear();
    }
}
