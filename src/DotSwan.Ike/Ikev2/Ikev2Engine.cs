using System.Buffers.Binary;
using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// The sans-I/O IKEv2 protocol engine: owns the IKE SAs of one host and is driven by received datagrams, timer
/// deadlines and commands, each stamped with the current time. Every call returns what to do (datagrams to send,
/// Child SAs to install or delete) and what happened (events); <see cref="NextDeadline"/> says when to call
/// <see cref="OnTimer"/>. It never reads a clock, opens a socket or draws randomness other than from the injected
/// <see cref="IRandomSource"/>, and no received input makes it throw. Not thread-safe: one caller at a time.
/// </summary>
public sealed class Ikev2Engine : IDisposable, IIkeSaOwner
{
    private IReadOnlyList<Ikev2Connection> _connections;
    private readonly IRandomSource _random;
    private readonly TransformRegistry _registry;
    private readonly Dictionary<ulong, IkeSa> _byLocalSpi = [];
    // Responder SAs by the initiator's SPI and address, so that a repeated IKE_SA_INIT finds its SA (RFC 7296 §2.1).
    private readonly Dictionary<(ulong InitiatorSpi, IPEndPoint Remote), IkeSa> _halfOpen = [];
    // The responder SAs still waiting for IKE_AUTH, counted for COOKIE and the half-open limit without a scan.
    private readonly HashSet<IkeSa> _waitingForAuth = [];
    private readonly Ikev2EngineOptions _options;
    private readonly CookieGenerator _cookies;
    // Deadlines by SA, kept up to date for the SAs each call touched, so that no call visits every SA.
    private readonly SaTimerQueue<IkeSa> _timers = new();
    private readonly List<IkeSa> _touched = [];

    /// <summary>
    /// An engine that answers peers with <paramref name="connections"/> (first match by IKE proposal), draws randomness
    /// from <paramref name="random"/> and protects itself against IKE_SA_INIT floods as <paramref name="options"/> say.
    /// </summary>
    public Ikev2Engine(IEnumerable<Ikev2Connection> connections, IRandomSource random, TransformRegistry? registry = null,
        Ikev2EngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = [.. connections];
        _random = random ?? throw new ArgumentNullException(nameof(random));
        _registry = registry ?? TransformRegistry.Default;
        _options = options ?? Ikev2EngineOptions.Default;
        _cookies = new CookieGenerator(_random, _options.EffectiveCookieSecretLifetime);
    }

    /// <summary>
    /// Replaces the connections new peers are matched against (a configuration reload). IKE SAs that exist keep the
    /// connection they were made with; the host deletes those whose connection changed if it wants to.
    /// </summary>
    public void ReplaceConnections(IEnumerable<Ikev2Connection> connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = [.. connections];
    }

    /// <summary>Responder IKE SAs waiting for IKE_AUTH (half-open, RFC 7296 §2.6).</summary>
    public int HalfOpenCount => _waitingForAuth.Count;

    /// <summary>Counters of inputs that were dropped or answered from the cache.</summary>
    public Ikev2EngineCounters Counters { get; } = new();

    /// <summary>When <see cref="OnTimer"/> must next be called, or null when nothing waits for time.</summary>
    public DateTimeOffset? NextDeadline => _timers.Peek();

    /// <summary>How many IKE SAs the engine holds (without listing them).</summary>
    public int IkeSaCount => _byLocalSpi.Count;

    /// <summary>How many IKE SAs the engine has forgotten so far (a host keeping its own records by SA can tidy them when this moves).</summary>
    public long ForgottenIkeSas { get; private set; }

    /// <summary>SA visits by the timer queue (deadline updates and SAs taken when due): tests check it does not grow with the SAs held.</summary>
    internal long TimerVisits => _timers.Visits;

    /// <summary>How many IKE SAs wait for the answer to a request of ours (0 when every exchange has completed).</summary>
    public int OutstandingRequests => _byLocalSpi.Values.Count(sa => sa.IsBusy && !IkeSaTransitions.IsFinal(sa.State));

    /// <summary>The IKE SAs the engine holds (including ones lingering after failure or deletion).</summary>
    public IReadOnlyList<IkeSaId> IkeSas => [.. _byLocalSpi.Values.Select(sa => sa.Id)];

    /// <summary>The state of an IKE SA, or null when the engine does not hold it.</summary>
    public IkeSaState? GetState(IkeSaId id) => Find(id)?.State;

    /// <summary>Starts an IKE SA for <paramref name="connection"/> as initiator: returns the IKE_SA_INIT request to send.</summary>
    public IReadOnlyList<EngineOutput> Initiate(Ikev2Connection connection, DateTimeOffset now, out IkeSaId id)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var outputs = new List<EngineOutput>();
        var sa = IkeSa.StartInitiator(connection, NewIkeSpi(), now, _registry, _random, Counters, outputs);
        sa.Owner = this;
        _byLocalSpi[sa.LocalSpi] = sa;
        id = sa.Id;
        _touched.Add(sa);
        Settle(now);
        return outputs;
    }

    /// <summary>Starts an IKE SA for <paramref name="connection"/> as initiator.</summary>
    public IReadOnlyList<EngineOutput> Initiate(Ikev2Connection connection, DateTimeOffset now) => Initiate(connection, now, out _);

    /// <summary>
    /// Handles one received UDP payload (an IKE message without any non-ESP marker: the socket layer strips it on port
    /// 4500 and keeps NAT-keepalives and ESP away) that arrived on <paramref name="local"/> from
    /// <paramref name="remote"/>. Never throws on the datagram's content.
    /// </summary>
    public IReadOnlyList<EngineOutput> Receive(ReadOnlySpan<byte> datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        var outputs = new List<EngineOutput>();
        // The header's Length must be the datagram's (RFC 7296 §3.1): trailing bytes are refused, not ignored.
        if (!Ikev2Header.TryRead(datagram, out var header) || header.MajorVersion != 2 || header.Length != datagram.Length)
        {
            Counters.Malformed++;
            return outputs;
        }
        var bytes = datagram.ToArray();
        if (!Ikev2MessageCodec.TryDecode(bytes, out var message, out _))
        {
            Counters.Malformed++;
            if (IsInitialRequest(header))
            {
                outputs.Add(new SendDatagram(local, remote, IkeSa.UnprotectedError(header, NotifyType.InvalidSyntax, default)));
            }
            return outputs;
        }
        Route(header, bytes, message!, local, remote, now, outputs);
        Settle(now);
        return outputs;
    }

    /// <summary>Retransmits requests and gives up on silent peers whose deadline has come; forgets finished SAs.</summary>
    public IReadOnlyList<EngineOutput> OnTimer(DateTimeOffset now)
    {
        var outputs = new List<EngineOutput>();
        var due = new List<IkeSa>();
        _timers.TakeDue(now, due);
        foreach (var sa in due)
        {
            if (!Holds(sa)) { continue; }
            sa.OnTimer(now, outputs);
            SettleHalfOpen(sa);
            _touched.Add(sa);
        }
        Settle(now);
        return outputs;
    }

    /// <summary>Deletes an established IKE SA (INFORMATIONAL with a Delete payload). Returns nothing when the SA is unknown, not established or busy.</summary>
    public IReadOnlyList<EngineOutput> Delete(IkeSaId id, DateTimeOffset now)
    {
        var outputs = new List<EngineOutput>();
        if (Find(id) is { } sa)
        {
            sa.StartDelete(now, outputs);
            _touched.Add(sa);
            Settle(now);
        }
        return outputs;
    }

    /// <summary>Sends an empty INFORMATIONAL request (dead peer detection); a silent peer fails the SA after the retransmissions.</summary>
    public IReadOnlyList<EngineOutput> CheckLiveness(IkeSaId id, DateTimeOffset now)
    {
        var outputs = new List<EngineOutput>();
        if (Find(id) is { } sa)
        {
            sa.StartLivenessCheck(now, outputs);
            _touched.Add(sa);
            Settle(now);
        }
        return outputs;
    }

    /// <summary>
    /// Rekeys the Child SA whose inbound SPI is <paramref name="inboundSpi"/> (CREATE_CHILD_SA with REKEY_SA, RFC 7296 §1.3.3),
    /// as soon as the IKE SA's window is free. Returns the request when it could be sent at once.
    /// </summary>
    public IReadOnlyList<EngineOutput> RekeyChildSa(IkeSaId id, uint inboundSpi, DateTimeOffset now) => Schedule(id, now, sa =>
    {
        if (sa.Children.Find(c => c.InboundSpi == inboundSpi) is { State: ChildSaState.Installed } child) { child.RekeyAt = now; }
    });

    /// <summary>Rekeys the IKE SA (CREATE_CHILD_SA, RFC 7296 §1.3.2, §2.18) as soon as its window is free.</summary>
    public IReadOnlyList<EngineOutput> RekeyIkeSa(IkeSaId id, DateTimeOffset now) => Schedule(id, now, sa => sa.Schedule.IkeRekeyAt = now);

    /// <summary>Creates one more Child SA with the connection's traffic selectors (CREATE_CHILD_SA, RFC 7296 §1.3.1).</summary>
    public IReadOnlyList<EngineOutput> CreateChildSa(IkeSaId id, DateTimeOffset now) => Schedule(id, now, sa =>
        sa.Schedule.Enqueue(now, "new Child SA", (s, o) => CreateChildSaExchange.Start(s, null, null, o)));

    /// <summary>Creates a Child SA of <paramref name="child"/> (one of the connection's further children) with CREATE_CHILD_SA as soon as the window is free.</summary>
    public IReadOnlyList<EngineOutput> CreateChildSa(IkeSaId id, Ikev2ChildConfig child, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(child);
        return Schedule(id, now, sa => sa.Schedule.Enqueue(now, $"new Child SA {child.Name}", (s, o) => CreateChildSaExchange.Start(s, null, null, o, child: child)));
    }

    /// <summary>
    /// Gives the IKE SAs made with the connection named like <paramref name="connection"/> this version of it (a reload that
    /// changed only its children): the peer's new Child SAs are then matched against the new children. Returns how many SAs took it.
    /// </summary>
    public int UpdateConnection(Ikev2Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        int count = 0;
        foreach (var sa in _byLocalSpi.Values.Where(sa => sa.Connection.Name == connection.Name))
        {
            sa.Connection = connection;
            count++;
        }
        return count;
    }

    /// <summary>Deletes the Child SA with our SPI <paramref name="inboundSpi"/> (INFORMATIONAL with a Delete payload) as soon as the window is free.</summary>
    public IReadOnlyList<EngineOutput> CloseChildSa(IkeSaId id, uint inboundSpi, DateTimeOffset now) => Schedule(id, now, sa =>
    {
        if (sa.Children.Find(c => c.InboundSpi == inboundSpi) is { } child)
        {
            sa.Schedule.Enqueue(now, $"delete Child SA {child}", (s, o) => ChildSaDeleteExchange.Start(s, child, o));
        }
    });

    /// <summary>
    /// The IPsec driver reports that one direction of a Child SA reached a byte or packet limit: <paramref name="spi"/> is
    /// our inbound SPI, or the peer's SPI of the outbound direction. A soft limit rekeys the Child SA, a hard one removes
    /// it at once (and tells the peer).
    /// </summary>
    public IReadOnlyList<EngineOutput> ChildSaExpired(uint spi, bool hard, DateTimeOffset now)
    {
        var owner = _byLocalSpi.Values.FirstOrDefault(sa => sa.Children.Exists(c => c.InboundSpi == spi))
            ?? _byLocalSpi.Values.FirstOrDefault(sa => sa.Children.Exists(c => c.OutboundSpi == spi));
        if (owner is null) { return []; }
        return Schedule(owner.Id, now, sa =>
        {
            if ((sa.Children.Find(c => c.InboundSpi == spi) ?? sa.Children.Find(c => c.OutboundSpi == spi)) is not { } child) { return; }
            if (hard) { child.ExpireAt = now; }
            else if (child.State == ChildSaState.Installed) { child.RekeyAt = now; }
        });
    }

    /// <summary>The Child SAs an IKE SA holds, as (our SPI, the peer's SPI) pairs.</summary>
    public IReadOnlyList<(uint InboundSpi, uint OutboundSpi)> GetChildSas(IkeSaId id) =>
        Find(id) is { } sa ? [.. sa.Children.Select(c => (c.InboundSpi, c.OutboundSpi))] : [];

    private List<EngineOutput> Schedule(IkeSaId id, DateTimeOffset now, Action<IkeSa> change)
    {
        var outputs = new List<EngineOutput>();
        if (Find(id) is not { State: IkeSaState.Established } sa) { return outputs; }
        change(sa);
        sa.OnTimer(now, outputs);
        _touched.Add(sa);
        Settle(now);
        return outputs;
    }

    /// <summary>The IKE SA object behind <paramref name="id"/>, for tests that check its keys.</summary>
    internal IkeSa? FindSa(IkeSaId id) => Find(id);

    ulong IIkeSaOwner.NewIkeSpi() => NewIkeSpi();

    void IIkeSaOwner.Adopt(IkeSa sa)
    {
        _byLocalSpi[sa.LocalSpi] = sa;
        _touched.Add(sa);
    }

    void IIkeSaOwner.Touch(IkeSa sa) => _touched.Add(sa);

    private void Route(Ikev2Header header, byte[] bytes, Ikev2Message message, IPEndPoint local, IPEndPoint remote, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        IkeSa? sa;
        if (header.IsInitiator)
        {
            // From the original initiator: we are the responder, our SPI is SPIr.
            if (IsInitialRequest(header))
            {
                if (_halfOpen.TryGetValue((header.InitiatorSpi, remote), out sa))
                {
                    sa.Receive(header, bytes, message, local, remote, now, outputs);
                    SettleHalfOpen(sa);
                    _touched.Add(sa);
                    return;
                }
                if (!AdmitSaInit(header, message, local, remote, now, outputs)) { return; }
                sa = IkeSa.RespondToSaInit(_connections, NewIkeSpi(), header, bytes, message, local, remote, now, _registry, _random, Counters, outputs,
                    _options.EffectiveHalfOpenTimeout);
                if (sa is not null)
                {
                    sa.Owner = this;
                    _byLocalSpi[sa.LocalSpi] = sa;
                    _halfOpen[(sa.SpiI, remote)] = sa;
                    if (sa.State == IkeSaState.SaInitResponded) { _waitingForAuth.Add(sa); }
                    _touched.Add(sa);
                }
                return;
            }
            sa = _byLocalSpi.GetValueOrDefault(header.ResponderSpi);
            if (sa is not null && (sa.IsInitiator || sa.SpiI != header.InitiatorSpi)) { sa = null; }
        }
        else
        {
            sa = _byLocalSpi.GetValueOrDefault(header.InitiatorSpi);
            if (sa is not null && (!sa.IsInitiator || (sa.SpiR != 0 && sa.SpiR != header.ResponderSpi))) { sa = null; }
        }
        if (sa is null)
        {
            Counters.UnknownSpi++;
            if (!header.IsResponse && header.ExchangeType != Ikev2ExchangeType.IkeSaInit)
            {
                // RFC 7296 §2.21.4: tell the peer we have no such SA (unprotected; it may ignore this).
                outputs.Add(new SendDatagram(local, remote, IkeSa.UnprotectedError(header, NotifyType.InvalidIkeSpi, default)));
            }
            return;
        }
        sa.Receive(header, bytes, message, local, remote, now, outputs);
        SettleHalfOpen(sa);
        _touched.Add(sa);
    }

    /// <summary>A responder SA that got its IKE_AUTH (or failed) no longer counts as half-open.</summary>
    private void SettleHalfOpen(IkeSa sa)
    {
        if (sa.State != IkeSaState.SaInitResponded) { _waitingForAuth.Remove(sa); }
    }

    /// <summary>
    /// Whether a new IKE_SA_INIT may create state: under load (half-open SAs at the cookie threshold) only with a valid
    /// COOKIE (otherwise it is answered statelessly with one, RFC 7296 §2.6), and never beyond the half-open limit.
    /// </summary>
    private bool AdmitSaInit(Ikev2Header header, Ikev2Message message, IPEndPoint local, IPEndPoint remote, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        int halfOpen = HalfOpenCount;
        if (halfOpen >= _options.MaxHalfOpen)
        {
            Counters.HalfOpenLimitDrops++;
            return false;
        }
        if (halfOpen < _options.CookieThreshold) { return true; }
        var nonce = message.Payloads.OfType<NoncePayload>().FirstOrDefault();
        if (nonce is null) { return true; } // malformed: answered with INVALID_SYNTAX without state
        // The COOKIE must be the first payload (RFC 7296 §2.6).
        if (message.Payloads is [NotifyPayload { NotifyType: NotifyType.Cookie } cookie, ..])
        {
            if (_cookies.Verify(cookie.Data.Span, nonce.Data.Span, remote.Address, header.InitiatorSpi, now)) { return true; }
            Counters.InvalidCookies++;
        }
        Counters.CookiesSent++;
        var data = _cookies.Create(nonce.Data.Span, remote.Address, header.InitiatorSpi, now);
        outputs.Add(new SendDatagram(local, remote, IkeSa.UnprotectedError(header, NotifyType.Cookie, data)));
        return false;
    }

    private static bool IsInitialRequest(Ikev2Header header) =>
        !header.IsResponse && header.IsInitiator && header.ExchangeType == Ikev2ExchangeType.IkeSaInit
        && header.ResponderSpi == 0 && header.MessageId == 0;

    private IkeSa? Find(IkeSaId id)
    {
        foreach (var spi in (ReadOnlySpan<ulong>)[id.InitiatorSpi, id.ResponderSpi])
        {
            if (_byLocalSpi.TryGetValue(spi, out var sa) && sa.SpiI == id.InitiatorSpi) { return sa; }
        }
        return null;
    }

    /// <summary>
    /// After each call: records the new deadlines of the SAs the call touched (or forgets those that are finished), and
    /// forgets SAs whose lingering ended even if no timer call came for them (they are at the head of the queue).
    /// </summary>
    private void Settle(DateTimeOffset now)
    {
        for (int i = 0; i < _touched.Count; i++)
        {
            var sa = _touched[i];
            if (!Holds(sa)) { continue; }
            if (sa.CanBeRemoved(now)) { Forget(sa); }
            else { _timers.Update(sa); }
        }
        _touched.Clear();
        while (_timers.PeekDue(now) is { } head && head.CanBeRemoved(now)) { Forget(head); }
    }

    private bool Holds(IkeSa sa) => _byLocalSpi.TryGetValue(sa.LocalSpi, out var held) && ReferenceEquals(held, sa);

    private void Forget(IkeSa sa)
    {
        _byLocalSpi.Remove(sa.LocalSpi);
        if (_halfOpen.TryGetValue((sa.SpiI, sa.InitialRemote), out var halfOpen) && ReferenceEquals(halfOpen, sa))
        {
            _halfOpen.Remove((sa.SpiI, sa.InitialRemote));
        }
        _waitingForAuth.Remove(sa);
        _timers.Remove(sa);
        ForgottenIkeSas++;
        sa.Dispose();
    }

    private ulong NewIkeSpi()
    {
        Span<byte> bytes = stackalloc byte[8];
        ulong spi;
        do
        {
            _random.Fill(bytes);
            spi = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }
        while (spi == 0 || _byLocalSpi.ContainsKey(spi));
        return spi;
    }

    /// <summary>Disposes every IKE SA (their keys are cleared).</summary>
    public void Dispose()
    {
        foreach (var sa in _byLocalSpi.Values) { sa.Dispose(); }
        _byLocalSpi.Clear();
        _halfOpen.Clear();
        _waitingForAuth.Clear();
        _touched.Clear();
        _cookies.Dispose();
    }
}
