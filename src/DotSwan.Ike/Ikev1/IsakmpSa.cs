using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals.Ikev1;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// One ISAKMP SA (phase 1) and what hangs off it: its Quick Mode exchanges and the IPsec SA pairs they installed.
/// Holds the state; the exchanges (<see cref="MainModeInitiator"/>, <see cref="QuickModeResponder"/>, …) act on it.
/// </summary>
internal sealed class IsakmpSa : IDisposable, ITimedSa
{
    private IsakmpSaState _state;

    public IsakmpSa(Ikev1Engine engine, Ikev1Connection connection, bool isInitiator, ulong cookieI, ulong cookieR,
        IPEndPoint local, IPEndPoint remote, IsakmpSaState state, DateTimeOffset now)
    {
        Engine = engine;
        Connection = connection;
        IsInitiator = isInitiator;
        RenewsPhase1 = isInitiator;
        CookieI = cookieI;
        CookieR = cookieR;
        Local = local;
        Remote = remote;
        _state = state;
        CreatedAt = now;
        Phase1Messages = new Ikev1Retransmission(connection.EffectiveRetransmission);
    }

    public Ikev1Engine Engine { get; }

    public Ikev1Connection Connection { get; }

    public bool IsInitiator { get; }

    public ulong CookieI { get; }

    public ulong CookieR { get; set; }

    public ulong LocalCookie => IsInitiator ? CookieI : CookieR;

    public IkeSaId Id => new(CookieI, CookieR);

    public IPEndPoint Local { get; set; }

    public IPEndPoint Remote { get; set; }

    public IsakmpSaState State => _state;

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset? EstablishedAt { get; private set; }

    /// <summary>When a deleted or failed SA may be forgotten.</summary>
    public DateTimeOffset? LingerUntil { get; private set; }

    // ---- Phase 1 negotiation ----

    public Ikev1Phase1Transform? Chosen { get; set; }

    /// <summary>Initiator: the transforms of message 1 (the responder must pick one of them).</summary>
    public IReadOnlyList<Ikev1Phase1Transform> OfferedPhase1 { get; set; } = [];

    /// <summary>SAi_b: the body of the initiator's SA payload, as sent or received.</summary>
    public byte[] SaiBody { get; set; } = [];

    public IKeyExchange? Dh { get; set; }

    public byte[] Gxi { get; set; } = [];

    public byte[] Gxr { get; set; } = [];

    public byte[] Ni { get; set; } = [];

    public byte[] Nr { get; set; } = [];

    public IsakmpSaProtection? Protection { get; set; }

    /// <summary>The peer's identity from its ID payload; the engine indexes the SA by it (for INITIAL-CONTACT).</summary>
    public IkeIdentity? RemoteIdentity
    {
        get => _remoteIdentity;
        set
        {
            var previous = _remoteIdentity;
            _remoteIdentity = value;
            Engine.OnRemoteIdentity(this, previous);
        }
    }

    private IkeIdentity? _remoteIdentity;

    /// <summary>Aggressive Mode responder: IDii_b from message 1, for HASH_I in message 3.</summary>
    public byte[] PeerIdBody { get; set; } = [];

    public Ikev1Retransmission Phase1Messages { get; }

    /// <summary>The phase 1 encryption key for a Wireshark key log (only when the connection asks for one), emitted once established.</summary>
    public KeyLog.Ikev1DecryptionTableEntry? KeyLogEntry { get; set; }

    public bool PeerSupportsNatTraversal { get; set; }

    public bool PeerSupportsDpd { get; set; }

    /// <summary>We are behind a NAT (the peer's hash of our address did not match).</summary>
    public bool NatLocal { get; set; }

    /// <summary>The peer is behind a NAT.</summary>
    public bool NatRemote { get; set; }

    public bool NatDetected => NatLocal || NatRemote;

    public bool InitialContactReceived { get; set; }

    /// <summary>The peer sent a CERTREQ for X.509 certificates (our CERT payloads are then due under the IfAsked policy).</summary>
    public bool PeerRequestedCertificate { get; set; }

    /// <summary>
    /// The last authentication message that did not decrypt or verify. A corrupted or forged datagram is ignored; the
    /// same datagram failing again (the peer's retransmission) fails the SA.
    /// </summary>
    public byte[]? FailedAuthentication { get; set; }

    // ---- Phase 2 and lifetimes ----

    public Dictionary<uint, QuickModeExchange> QuickModes { get; } = [];

    public List<Ikev1ChildSa> Children { get; } = [];

    public List<QuickModeRequest> Queued { get; } = [];

    /// <summary>Quick Mode keys derived from this phase 1 keying material (for the session key update limit).</summary>
    public int QuickModesUsed { get; set; }

    /// <summary>The SA this one replaces (its children move here and it is deleted once this one is established).</summary>
    public IsakmpSa? Replaces { get; set; }

    /// <summary>The SA being negotiated to replace this one.</summary>
    public IsakmpSa? Successor { get; set; }

    public uint DpdSequence { get; set; }

    public int DpdUnanswered { get; set; }

    public DateTimeOffset? DpdNext { get; set; }

    public DateTimeOffset? DpdDeadline { get; set; }

    public bool RenewalStarted { get; set; }

    /// <summary>
    /// This side renews phase 1 before it expires: the initiator, and a responder whose own lifetime was shorter than the
    /// initiator proposed (the initiator would otherwise outlive it unaware).
    /// </summary>
    public bool RenewsPhase1 { get; set; }

    public TimeSpan Lifetime => Chosen?.Lifetime ?? Connection.KeyProtection.MasterKeyLifetime;

    public bool IsEstablished => _state == IsakmpSaState.Established;

    public bool IsGone => _state is IsakmpSaState.Deleted or IsakmpSaState.Failed;

    public TransformRegistry Registry => Engine.Registry;

    public IsakmpHeader Header(IsakmpExchangeType type, uint messageId) =>
        IsakmpHeader.Create(CookieI, CookieR, type, IsakmpHeaderFlags.None, messageId);

    /// <summary>Sends on the SA's ports; on the NAT-T port (4500 or the connection's) the datagram goes behind the non-ESP marker.</summary>
    public void Send(byte[] datagram, List<EngineOutput> outputs)
    {
        int natt = Connection.NatTraversalPort;
        bool marker = Local.Port == natt || Remote.Port == natt || Local.Port == SendDatagram.NatTraversalPort || Remote.Port == SendDatagram.NatTraversalPort;
        outputs.Add(new SendDatagram(Local, Remote, datagram, marker));
    }

    public static byte[] EncodeClear(IsakmpHeader header, IReadOnlyList<IsakmpPayload> payloads)
    {
        var message = IsakmpMessage.Clear(header, payloads);
        var bytes = new byte[IsakmpMessageCodec.GetEncodedLength(message)];
        IsakmpMessageCodec.Encode(message, bytes);
        return bytes;
    }

    /// <summary>The peer answered from (<paramref name="remote"/>, on <paramref name="local"/>): follow a port float (RFC 3947 §4).</summary>
    public void Follow(IPEndPoint local, IPEndPoint remote)
    {
        Local = local;
        Remote = remote;
    }

    public bool MoveTo(IsakmpSaState next, DateTimeOffset now)
    {
        if (!IsakmpSaTransitions.IsAllowed(_state, next)) { return false; }
        _state = next;
        if (next == IsakmpSaState.Established)
        {
            EstablishedAt = now;
            if (Connection.DeadPeerDetectionDelay is { } delay) { DpdNext = now + delay; }
        }
        if (next is IsakmpSaState.Deleted or IsakmpSaState.Failed)
        {
            LingerUntil = now + Engine.Settings.Linger;
            Phase1Messages.Answered();
            DpdNext = null;
            DpdDeadline = null;
        }
        return true;
    }

    /// <summary>The earliest time something of this SA must happen.</summary>
    public DateTimeOffset? Deadline
    {
        get
        {
            DateTimeOffset? next = null;
            void Consider(DateTimeOffset? d)
            {
                if (d is { } v && (next is null || v < next)) { next = v; }
            }
            Consider(Phase1Messages.Deadline);
            if (IsakmpSaTransitions.IsHalfOpen(_state) && !IsInitiator) { Consider(CreatedAt + Engine.Settings.HalfOpenTimeout); }
            if (IsGone)
            {
                Consider(LingerUntil);
                return next;
            }
            foreach (var qm in QuickModes.Values)
            {
                Consider(qm.Messages.Deadline);
                Consider(qm.LingerUntil);
            }
            foreach (var child in Children) { Consider(child.Deadline(child.IsQuickModeInitiator)); }
            if (EstablishedAt is { } established)
            {
                Consider(RenewsPhase1 && !RenewalStarted ? established + (Lifetime * Ikev1KeyProtection.RekeyFraction) : established + Lifetime);
                Consider(DpdNext);
                Consider(DpdDeadline);
            }
            return next;
        }
    }

    /// <summary>The deadline the engine's timer queue holds for this SA (null: none queued).</summary>
    public DateTimeOffset? QueuedDeadline { get; set; }

    public bool CanBeRemoved(DateTimeOffset now) => IsGone && LingerUntil <= now && Children.Count == 0;

    public void Dispose()
    {
        Dh?.Dispose();
        Protection?.Dispose();
        foreach (var qm in QuickModes.Values) { qm.Dispose(); }
        QuickModes.Clear();
    }

    public override string ToString() => $"ISAKMP SA {Id} ({Connection.Name}, {(IsInitiator ? "initiator" : "responder")}, {_state})";
}
