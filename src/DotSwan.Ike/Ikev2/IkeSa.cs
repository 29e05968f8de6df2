using System.Buffers.Binary;
using System.Net;
using DotSwan.Crypto;
using DotSwan.Crypto.Kdf;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev2.Authentication;
using DotSwan.Ike.Ikev2Wire;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Wire.Ikev2;
using ProposalTransformType = DotSwan.Ike.Proposals.TransformType;
using WireTrafficSelector = DotSwan.Wire.Ikev2.TrafficSelector;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// One IKE SA and its exchanges (IKE_SA_INIT, IKE_AUTH with PSK and the first Child SA, INFORMATIONAL), as initiator
/// or responder, with window size 1 (RFC 7296 §2.3). CREATE_CHILD_SA lives in its own types (<see cref="CreateChildSaExchange"/>,
/// <see cref="CreateChildSaResponder"/>, <see cref="IkeRekeyExchange"/>, <see cref="ChildSaDeleteExchange"/>), lifetimes in
/// <see cref="IkeSaSchedule"/>; this class gives them its Child SAs, its window and its keys. Sans-I/O: every entry point takes the current time and appends
/// its outputs. Peer input never throws: it is dropped and counted, or answered with a notify.
/// </summary>
internal sealed partial class IkeSa : IDisposable, ITimedSa
{
    internal const int NonceLength = 32;
    internal const int MinNonceLength = 16;
    internal const int MaxNonceLength = 256;
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(30);

    // How many COOKIE answers an initiator follows for one IKE_SA_INIT before it gives up.
    private const int MaxCookieRetries = 3;
    private const int MaxCookieLength = 64;
    // How long an IKE SA replaced by the peer's rekey waits for the peer's Delete beyond the retransmission schedule, which
    // also bounds how long the peer may still retransmit its rekey request (answered from the cache).
    private static readonly TimeSpan RekeyedMargin = TimeSpan.FromMinutes(1);


    private readonly TransformRegistry _registry;
    private readonly IRandomSource _random;
    private readonly Ikev2EngineCounters _counters;
    private IkeSaAuthentication? _auth;
    // Responder: the connections IKE_SA_INIT left open, settled by the peer's IDi/IDr in IKE_AUTH (ResponderConnectionSelector).
    private IReadOnlyList<Ikev2Connection> _candidates = [];
    private IReadOnlyList<Ikev2Payload> _saInitPayloads = [];
    private KeyExchangeMethod _keMethod;
    private IKeyExchange? _keyExchange;
    private byte[] _ni = [];
    private byte[] _nr = [];
    private byte[] _message1 = [];
    private byte[] _message2 = [];
    private IkeSaProtection? _protection;
    private IReadOnlyList<CryptoSuite> _espSent = [];
    private uint _childInboundSpi;
    private PendingRequest? _pending;
    private IIkeSaExchange? _active;
    private string? _deleteReason;
    private uint _nextRequestId;
    private uint _expectedRequestId;
    private uint _cachedResponseId;
    private byte[]? _cachedResponse;
    private DateTimeOffset _lingerUntil;
    private DateTimeOffset _now;
    // NAT traversal, COOKIE and fragmentation: their logic lives in their own types, these are the hooks.
    private readonly NatTraversalState _nat;
    private readonly FragmentReassembler _requestFragments;
    private readonly FragmentReassembler _responseFragments;
    private bool _peerSupportsFragmentation;
    private byte[]? _cookie;
    private int _cookieRetries;
    private List<byte[]>? _cachedResponseFragments;
    private IPEndPoint? _receivedOn;
    private IPEndPoint? _receivedFrom;
    private bool _endPointsMoved;
    private (Ikev2Message Message, IReadOnlyList<Ikev2Payload> Inner)? _reassembled;

    private IkeSa(Ikev2Connection connection, bool isInitiator, ulong spiI, ulong spiR, IPEndPoint local, IPEndPoint remote,
        IkeSaState state, TransformRegistry registry, IRandomSource random, Ikev2EngineCounters counters)
    {
        Connection = connection;
        IsInitiator = isInitiator;
        SpiI = spiI;
        SpiR = spiR;
        Local = local;
        Remote = remote;
        State = state;
        _registry = registry;
        _random = random;
        _counters = counters;
        InitialRemote = remote;
        _nat = new NatTraversalState(connection.NatTraversal);
        _requestFragments = new FragmentReassembler(connection.Fragmentation);
        _responseFragments = new FragmentReassembler(connection.Fragmentation);
    }

    public Ikev2Connection Connection { get; internal set; }

    public bool IsInitiator { get; }

    public ulong SpiI { get; }

    public ulong SpiR { get; private set; }

    public IkeSaId Id => new(SpiI, SpiR);

    public ulong LocalSpi => IsInitiator ? SpiI : SpiR;

    /// <summary>Our endpoint for this SA: port 500, or 4500 once NAT traversal floated it.</summary>
    public IPEndPoint Local { get; private set; }

    /// <summary>The peer's endpoint: follows its float to 4500 and later NAT mapping changes (RFC 7296 §2.23).</summary>
    public IPEndPoint Remote { get; private set; }

    /// <summary>Where the IKE_SA_INIT came from (the engine's key for repeated IKE_SA_INIT requests).</summary>
    public IPEndPoint InitialRemote { get; }

    /// <summary>The SA's NAT traversal state.</summary>
    public NatTraversalState NatTraversal => _nat;

    public IkeSaState State { get; private set; }

    public CryptoSuite? Suite { get; private set; }

    /// <summary>Whether the peer's NAT_DETECTION_DESTINATION_IP hash did not match our address (we are behind a NAT).</summary>
    public bool LocalBehindNat => _nat.LocalBehindNat;

    /// <summary>Whether the peer's NAT_DETECTION_SOURCE_IP hash did not match its address (it is behind a NAT).</summary>
    public bool RemoteBehindNat => _nat.RemoteBehindNat;

    public DateTimeOffset? Deadline => State switch
    {
        _ when IkeSaTransitions.IsFinal(State) => _lingerUntil,
        IkeSaState.SaInitResponded => _lingerUntil,
        IkeSaState.Rekeyed => Earliest(_pending?.Deadline, _lingerUntil),
        IkeSaState.Established => Earliest(Earliest(Earliest(_pending?.Deadline, _nat.NextKeepalive), Schedule.Deadline(this, _pending is not null)),
            CachedResponseDeadline),
        _ => _pending?.Deadline,
    };

    /// <summary>The deadline the engine's timer queue holds for this SA (engine bookkeeping, see <see cref="SaTimerQueue{TSa}"/>).</summary>
    public DateTimeOffset? QueuedDeadline { get; set; }

    // ---- What the CREATE_CHILD_SA, Delete and lifetime types use ----

    /// <summary>The Child SAs of this IKE SA (installed in the driver, including ones being rekeyed or deleted).</summary>
    internal List<ChildSa> Children { get; } = [];

    /// <summary>Rekey and expiry times and exchanges waiting for the window.</summary>
    internal IkeSaSchedule Schedule { get; } = new();

    /// <summary>The engine holding this SA (for new SPIs and the SAs a rekey creates); null outside an engine.</summary>
    internal IIkeSaOwner? Owner { get; set; }

    /// <summary>The peer's IKE SA rekey we answered while ours was outstanding (RFC 7296 §2.8.2).</summary>
    internal RekeyCollision? IkeCollision { get; set; }

    /// <summary>The exchange of ours that waits for its response, when it is a CREATE_CHILD_SA or a Child SA Delete.</summary>
    internal IIkeSaExchange? ActiveExchange => _active;

    /// <summary>Whether one of our requests is outstanding (window size 1).</summary>
    internal bool IsBusy => _pending is not null;

    internal IkeIdentity? RemoteIdentity { get; private set; }

    internal IkeSaProtection Protection => _protection!;

    internal TransformRegistry Registry => _registry;

    internal IRandomSource Random => _random;

    internal Ikev2EngineCounters Counters => _counters;

    internal DateTimeOffset Now => _now;

    internal Ikev2Lifetimes Lifetimes => Connection.EffectiveLifetimes;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    public bool CanBeRemoved(DateTimeOffset now) => IkeSaTransitions.IsFinal(State) && now >= _lingerUntil;

    // ---- Initiator: IKE_SA_INIT ----

    public static IkeSa StartInitiator(Ikev2Connection connection, ulong spiI, DateTimeOffset now, TransformRegistry registry,
        IRandomSource random, Ikev2EngineCounters counters, List<EngineOutput> outputs)
    {
        var sa = new IkeSa(connection, isInitiator: true, spiI, 0, connection.LocalEndPoint, connection.RemoteEndPoint,
            IkeSaState.SaInitSent, registry, random, counters)
        {
            _now = now,
            _ni = RandomBytes(random, NonceLength),
        };
        if (connection.IkeProposals is not [{ KeyExchange: [var first, ..] }, ..])
        {
            sa.Fail(IkeSaFailureKind.NoProposalChosen, $"connection {connection.Name} has no IKE proposal with a key exchange method", outputs);
            return sa;
        }
        sa._keMethod = first;
        sa.SendSaInitRequest(outputs);
        return sa;
    }

    private void SendSaInitRequest(List<EngineOutput> outputs, bool keepKeyExchange = false)
    {
        if (!keepKeyExchange || _keyExchange is null)
        {
            if (!_registry.TryGetKeyExchange(_keMethod, out var factory, out var error))
            {
                Fail(IkeSaFailureKind.Crypto, $"key exchange method {_keMethod}: {error}", outputs);
                return;
            }
            _keyExchange?.Dispose();
            _keyExchange = factory!.CreateInitiator();
        }
        var offered = Connection.IkeProposals.Select((s, i) => s.ToOffered((byte)(i + 1), ReadOnlyMemory<byte>.Empty)).ToList();
        var payloads = new List<Ikev2Payload>
        {
            Ikev2PayloadConverter.ToWire(offered),
            new KeyExchangePayload((ushort)_keMethod, _keyExchange.PublicValue),
            new NoncePayload(_ni),
        };
        payloads.AddRange(SaInitNotifies(0));
        if (_cookie is not null)
        {
            // RFC 7296 §2.6: the COOKIE goes first, everything else unchanged.
            payloads.Insert(0, Notify(NotifyType.Cookie, _cookie));
        }
        var header = Header(Ikev2ExchangeType.IkeSaInit, Ikev2HeaderFlags.Initiator, 0);
        _message1 = Ikev2MessageCodec.Encode(new Ikev2Message(header, payloads));
        _nextRequestId = 1;
        SendRequest(0, _message1, outputs);
    }

    private List<NotifyPayload> SaInitNotifies(ulong spiR)
    {
        var notifies = new List<NotifyPayload>();
        // The responder answers NAT detection and fragmentation support only when the initiator offered them.
        if (IsInitiator || _nat.PeerSupportsNatTraversal) { notifies.AddRange(_nat.Notifies(SpiI, spiR, Local, Remote)); }
        if (Connection.Fragmentation.Enabled && (IsInitiator || _peerSupportsFragmentation))
        {
            notifies.Add(Notify(NotifyType.Ikev2FragmentationSupported));
        }
        notifies.AddRange(Auth.SaInitNotifies()); // SIGNATURE_HASH_ALGORITHMS (RFC 7427 §4)
        return notifies;
    }

    private void OnSaInitResponse(Ikev2Header header, byte[] datagram, Ikev2Message message, List<EngineOutput> outputs)
    {
        var payloads = message.Payloads;
        if (FindNotify(payloads, NotifyType.Cookie) is { } cookie)
        {
            OnCookie(cookie, outputs);
            return;
        }
        if (FindNotify(payloads, NotifyType.InvalidKePayload) is { } invalidKe)
        {
            if (invalidKe.Data.Length != 2)
            {
                _counters.UnexpectedInState++;
                return;
            }
            var wanted = (KeyExchangeMethod)BinaryPrimitives.ReadUInt16BigEndian(invalidKe.Data.Span);
            if (wanted == _keMethod)
            {
                // A late duplicate of an earlier INVALID_KE_PAYLOAD: we already use that group.
                _counters.UnexpectedResponses++;
                return;
            }
            if (!Connection.IkeProposals.Any(p => p.KeyExchange.Contains(wanted)))
            {
                Fail(IkeSaFailureKind.InvalidKePayload,
                    $"INVALID_KE_PAYLOAD: peer requires key exchange method {Describe(wanted)}, which we do not propose ({string.Join(", ", Connection.IkeProposals)})", outputs);
                return;
            }
            // RFC 7296 §1.2: retry IKE_SA_INIT with the group the responder asked for.
            _pending = null;
            _keMethod = wanted;
            MoveTo(IkeSaState.SaInitSent);
            SendSaInitRequest(outputs);
            return;
        }
        if (FindNotify(payloads, NotifyType.NoProposalChosen) is not null)
        {
            Fail(IkeSaFailureKind.NoProposalChosen,
                $"NO_PROPOSAL_CHOSEN: peer {Remote} accepts none of our IKE proposals: {string.Join(", ", Connection.IkeProposals)}", outputs);
            return;
        }
        if (payloads.OfType<NotifyPayload>().FirstOrDefault(n => (ushort)n.NotifyType < 16384) is { } error)
        {
            Fail(IkeSaFailureKind.InvalidMessage, $"peer answered IKE_SA_INIT with error {error.NotifyType}", outputs);
            return;
        }
        var sa = payloads.OfType<SecurityAssociationPayload>().FirstOrDefault();
        var ke = payloads.OfType<KeyExchangePayload>().FirstOrDefault();
        var nonce = payloads.OfType<NoncePayload>().FirstOrDefault();
        if (sa is null || ke is null || nonce is null || header.ResponderSpi == 0)
        {
            Fail(IkeSaFailureKind.InvalidMessage, "IKE_SA_INIT response lacks an SA, KE or Nonce payload, or the responder SPI", outputs);
            return;
        }
        if (sa.Proposals.Count != 1)
        {
            Fail(IkeSaFailureKind.InvalidMessage, $"IKE_SA_INIT response has {sa.Proposals.Count} proposals instead of one", outputs);
            return;
        }
        var selection = ProposalSelector.CheckResponse(Connection.IkeProposals, Ikev2PayloadConverter.FromWire(sa.Proposals[0]));
        if (!selection.IsSuccess)
        {
            Fail(IkeSaFailureKind.NoProposalChosen, selection.Reason, outputs);
            return;
        }
        var suite = selection.Selected!;
        if (suite.KeyExchange is not [var chosen] || chosen != _keMethod || ke.Group != (ushort)_keMethod)
        {
            Fail(IkeSaFailureKind.InvalidMessage, $"responder chose {suite} with a {Describe((KeyExchangeMethod)ke.Group)} KE payload; we sent {Describe(_keMethod)}", outputs);
            return;
        }
        if (nonce.Data.Length is < MinNonceLength or > MaxNonceLength)
        {
            Fail(IkeSaFailureKind.InvalidMessage, $"responder nonce of {nonce.Data.Length} bytes (RFC 7296 requires 16 to 256)", outputs);
            return;
        }
        if (!_keyExchange!.TryComputeSharedSecret(ke.Data.Span, out var secret, out var keError))
        {
            Fail(IkeSaFailureKind.Crypto, $"responder's key exchange value is unusable: {keError}", outputs);
            return;
        }
        SpiR = header.ResponderSpi;
        _nr = nonce.Data.ToArray();
        _message2 = datagram;
        Suite = suite;
        CheckNatDetection(payloads);
        Auth.OnPeerPayloads(payloads);
        _peerSupportsFragmentation = Connection.Fragmentation.Enabled && FindNotify(payloads, NotifyType.Ikev2FragmentationSupported) is not null;
        if (_nat.ShouldFloat)
        {
            // RFC 7296 §2.23: with a NAT on the path (or forced encapsulation) IKE_AUTH already goes to port 4500.
            (Local, Remote) = _nat.Float(Local, Remote, _now);
        }
        using (secret)
        {
            if (!IkeSaProtection.TryCreate(_registry, suite, IsInitiator, secret!.ReadOnlySpan, _ni, _nr, SpiI, SpiR, _random, out _protection, out string reason))
            {
                Fail(IkeSaFailureKind.Crypto, $"IKE SA key derivation for {suite} failed: {reason}", outputs);
                return;
            }
        }
        _keyExchange.Dispose();
        _keyExchange = null;
        _pending = null;
        SendAuthRequest(outputs);
    }

    /// <summary>The responder asks for a COOKIE (RFC 7296 §2.6): repeat IKE_SA_INIT with it first, the rest unchanged.</summary>
    private void OnCookie(NotifyPayload cookie, List<EngineOutput> outputs)
    {
        if (cookie.Data.Length is < 1 or > MaxCookieLength)
        {
            _counters.UnexpectedInState++;
            return;
        }
        if (_cookie is not null && cookie.Data.Span.SequenceEqual(_cookie))
        {
            // A duplicate of the answer we already followed.
            _counters.UnexpectedResponses++;
            return;
        }
        if (++_cookieRetries > MaxCookieRetries)
        {
            Fail(IkeSaFailureKind.InvalidMessage, $"peer {Remote} keeps answering IKE_SA_INIT with a new COOKIE ({MaxCookieRetries} tries)", outputs);
            return;
        }
        _cookie = cookie.Data.ToArray();
        _pending = null;
        MoveTo(IkeSaState.SaInitSent);
        SendSaInitRequest(outputs, keepKeyExchange: true);
    }

    // ---- Initiator: IKE_AUTH ----

    private void SendAuthRequest(List<EngineOutput> outputs)
    {
        _childInboundSpi = NewChildSpi();
        var spi = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(spi, _childInboundSpi);
        _espSent = WithoutKeyExchange(Connection.EspProposals);
        var id = Ikev2PayloadConverter.ToWire(Connection.LocalIdentity, isInitiator: true);
        // CERT payloads (if the responder asked), our CERTREQ (if we need its certificate), AUTH.
        if (!Auth.TryCreate(new AuthOctetsInput(_protection!.Prf, _message1, _nr, _protection.Keys.SkPi), id, withCertificateRequest: true,
            out var authPayloads, out string reason))
        {
            Fail(IkeSaFailureKind.Crypto, reason, outputs);
            return;
        }
        var inner = new List<Ikev2Payload> { id, Notify(NotifyType.InitialContact) };
        inner.AddRange(authPayloads);
        if (Connection.Mode == ChildSaMode.Transport) { inner.Add(Notify(NotifyType.UseTransportMode)); }
        inner.Add(Ikev2PayloadConverter.ToWire(_espSent.Select((s, i) => s.ToOffered((byte)(i + 1), spi)).ToList()));
        inner.Add(new TrafficSelectorPayload(true, [.. Connection.LocalTrafficSelectors.Select(Ikev2PayloadConverter.ToWire)]));
        inner.Add(new TrafficSelectorPayload(false, [.. Connection.RemoteTrafficSelectors.Select(Ikev2PayloadConverter.ToWire)]));
        MoveTo(IkeSaState.AuthSent);
        SendProtectedRequest(Ikev2ExchangeType.IkeAuth, inner, outputs);
    }

    private void OnAuthResponse(Ikev2Header header, byte[] datagram, Ikev2Message message, List<EngineOutput> outputs)
    {
        if (!TryOpen(datagram, message, out var inner)) { return; }
        _pending = null;
        if (FindNotify(inner, NotifyType.AuthenticationFailed) is not null)
        {
            Fail(IkeSaFailureKind.AuthenticationFailed,
                $"AUTHENTICATION_FAILED: peer {Remote} rejected our authentication as {Connection.LocalIdentity} ({DescribeOurAuthentication()})", outputs);
            return;
        }
        var id = inner.OfType<IdentificationPayload>().FirstOrDefault(p => !p.IsInitiator);
        var auth = inner.OfType<AuthenticationPayload>().FirstOrDefault();
        if (id is null || auth is null)
        {
            string errors = string.Join(", ", inner.OfType<NotifyPayload>().Where(n => (ushort)n.NotifyType < 16384).Select(n => n.NotifyType));
            Fail(IkeSaFailureKind.InvalidMessage, $"IKE_AUTH response lacks IDr or AUTH{(errors.Length > 0 ? $" (peer sent {errors})" : "")}", outputs);
            return;
        }
        if (!Auth.TryVerifyPeer(new AuthOctetsInput(_protection!.Prf, _message2, _ni, _protection.Keys.SkPr), inner, id, auth, _now, Remote.ToString(),
            out var identity, out string reason))
        {
            // The responder thinks the SA is up: tell it, once, in an INFORMATIONAL (RFC 7296 §2.21.2), then give up.
            var notice = Header(Ikev2ExchangeType.Informational, Ikev2HeaderFlags.Initiator, _nextRequestId++);
            if (_protection.TrySeal(notice, [Notify(NotifyType.AuthenticationFailed)], out var noticeDatagram, out _))
            {
                Transmit(noticeDatagram, outputs);
            }
            Fail(IkeSaFailureKind.AuthenticationFailed, reason, outputs);
            return;
        }
        _ = header;
        Establish(identity!, outputs);
        if (FindNotify(inner, NotifyType.NoProposalChosen) is not null)
        {
            outputs.Add(new IkeSaFailed(Id, Connection.Name, IkeSaFailureKind.NoProposalChosen,
                $"Child SA: NO_PROPOSAL_CHOSEN: peer accepts none of our ESP proposals: {string.Join(", ", _espSent)}"));
            return;
        }
        if (FindNotify(inner, NotifyType.TsUnacceptable) is not null)
        {
            outputs.Add(new IkeSaFailed(Id, Connection.Name, IkeSaFailureKind.TsUnacceptable,
                $"Child SA: TS_UNACCEPTABLE: peer rejected {string.Join(' ', Connection.LocalTrafficSelectors)} === {string.Join(' ', Connection.RemoteTrafficSelectors)}"));
            return;
        }
        var sa = inner.OfType<SecurityAssociationPayload>().FirstOrDefault();
        var tsi = inner.OfType<TrafficSelectorPayload>().FirstOrDefault(p => p.IsInitiator);
        var tsr = inner.OfType<TrafficSelectorPayload>().FirstOrDefault(p => !p.IsInitiator);
        if (sa is not { Proposals: [var proposal] } || tsi is null || tsr is null)
        {
            outputs.Add(new IkeSaFailed(Id, Connection.Name, IkeSaFailureKind.InvalidMessage, "Child SA: IKE_AUTH response lacks one SA proposal, TSi or TSr"));
            return;
        }
        var selection = ProposalSelector.CheckResponse(_espSent, Ikev2PayloadConverter.FromWire(proposal));
        if (!selection.IsSuccess || proposal.Spi.Length != 4
            || !TryConvert(tsi.Selectors, out var local) || !TryConvert(tsr.Selectors, out var remote))
        {
            outputs.Add(new IkeSaFailed(Id, Connection.Name, IkeSaFailureKind.InvalidMessage,
                $"Child SA: invalid IKE_AUTH response: {(selection.IsSuccess ? "bad SPI or traffic selectors" : selection.Reason)}"));
            return;
        }
        if (!local.All(t => Connection.LocalTrafficSelectors.Any(c => c.Contains(t)))
            || !remote.All(t => Connection.RemoteTrafficSelectors.Any(c => c.Contains(t))))
        {
            // The responder may only narrow what we proposed (RFC 7296 §2.9), never widen it.
            outputs.Add(new IkeSaFailed(Id, Connection.Name, IkeSaFailureKind.TsUnacceptable,
                $"Child SA: responder chose {string.Join(' ', local)} === {string.Join(' ', remote)}, outside our "
                + $"{string.Join(' ', Connection.LocalTrafficSelectors)} === {string.Join(' ', Connection.RemoteTrafficSelectors)}"));
            return;
        }
        var mode = Connection.Mode == ChildSaMode.Transport && FindNotify(inner, NotifyType.UseTransportMode) is not null
            ? ChildSaMode.Transport : ChildSaMode.Tunnel;
        InstallChild(selection.Selected!, _childInboundSpi, BinaryPrimitives.ReadUInt32BigEndian(proposal.Spi.Span), local, remote, mode,
            ReadOnlySpan<byte>.Empty, _ni, _nr, weInitiatedExchange: true, outputs);
    }

    // ---- Responder: IKE_SA_INIT ----

    /// <summary>
    /// Answers an IKE_SA_INIT request. Returns the new SA, or null when the request was answered statelessly with an
    /// error notify (INVALID_SYNTAX, NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD).
    /// </summary>
    public static IkeSa? RespondToSaInit(IReadOnlyList<Ikev2Connection> connections, ulong spiR, Ikev2Header header, byte[] datagram,
        Ikev2Message message, IPEndPoint local, IPEndPoint remote, DateTimeOffset now, TransformRegistry registry, IRandomSource random,
        Ikev2EngineCounters counters, List<EngineOutput> outputs, TimeSpan? halfOpenTimeout = null)
    {
        halfOpenTimeout ??= Ikev2EngineOptions.Default.EffectiveHalfOpenTimeout;
        var payloads = message.Payloads;
        var sa = payloads.OfType<SecurityAssociationPayload>().FirstOrDefault();
        var ke = payloads.OfType<KeyExchangePayload>().FirstOrDefault();
        var nonce = payloads.OfType<NoncePayload>().FirstOrDefault();
        if (sa is null || ke is null || nonce is null || nonce.Data.Length is < MinNonceLength or > MaxNonceLength)
        {
            counters.Malformed++;
            outputs.Add(new SendDatagram(local, remote, UnprotectedError(header, NotifyType.InvalidSyntax, default)));
            return null;
        }
        var offered = Ikev2PayloadConverter.FromWire(sa);
        var peerKe = (KeyExchangeMethod)ke.Group;
        ProposalSelection? invalidKe = null;
        ProposalSelection? success = null;
        Ikev2Connection? connection = null;
        foreach (var candidate in ResponderConnectionSelector.AddressesFirst(connections, local, remote))
        {
            var selection = ProposalSelector.Select(candidate.IkeProposals, offered, peerKeyExchange: peerKe);
            if (selection.IsSuccess)
            {
                success = selection;
                connection = candidate;
                break;
            }
            if (selection.Failure == ProposalSelectionFailure.InvalidKePayload) { invalidKe ??= selection; }
        }
        var id = new IkeSaId(header.InitiatorSpi, 0);
        if (success is null && invalidKe is not null)
        {
            var data = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)invalidKe.RequiredKeyExchange);
            outputs.Add(new SendDatagram(local, remote, UnprotectedError(header, NotifyType.InvalidKePayload, data)));
            return null;
        }
        if (success is null || connection is null)
        {
            string reason = connections.Count == 0
                ? "no connection is configured"
                : string.Join("; ", connections.Select(c => ProposalSelector.Select(c.IkeProposals, offered).Reason).Distinct());
            outputs.Add(new SendDatagram(local, remote, UnprotectedError(header, NotifyType.NoProposalChosen, default)));
            outputs.Add(new IkeSaFailed(id, connections.Count == 1 ? connections[0].Name : "", IkeSaFailureKind.NoProposalChosen,
                $"NO_PROPOSAL_CHOSEN: {reason}"));
            return null;
        }
        var suite = success.Selected!;
        if (!registry.TryGetKeyExchange(suite.KeyExchange[0], out var factory, out var error)
            || !factory!.TryRespond(ke.Data.Span, out var responderPublic, out var secret, out error))
        {
            counters.Malformed++;
            outputs.Add(new SendDatagram(local, remote, UnprotectedError(header, NotifyType.InvalidSyntax, default)));
            outputs.Add(new IkeSaFailed(id, connection.Name, IkeSaFailureKind.Crypto, $"initiator's key exchange value is unusable: {error}"));
            return null;
        }
        var ikeSa = new IkeSa(connection, isInitiator: false, header.InitiatorSpi, spiR, local, remote, IkeSaState.SaInitResponded,
            registry, random, counters)
        {
            _now = now,
            _ni = nonce.Data.ToArray(),
            _nr = RandomBytes(random, NonceLength),
            _message1 = datagram,
            Suite = suite,
        };
        ikeSa._candidates = ResponderConnectionSelector.Candidates(connections, connection, suite, local, remote);
        ikeSa._saInitPayloads = payloads;
        ikeSa.CheckNatDetection(payloads);
        ikeSa.Auth.OnPeerPayloads(payloads);
        ikeSa._peerSupportsFragmentation = connection.Fragmentation.Enabled && FindNotify(payloads, NotifyType.Ikev2FragmentationSupported) is not null;
        ikeSa._lingerUntil = now + halfOpenTimeout.Value;
        using (secret)
        {
            if (!IkeSaProtection.TryCreate(registry, suite, false, secret!.ReadOnlySpan, ikeSa._ni, ikeSa._nr, ikeSa.SpiI, spiR, random,
                out ikeSa._protection, out string reason))
            {
                outputs.Add(new SendDatagram(local, remote, UnprotectedError(header, NotifyType.NoProposalChosen, default)));
                ikeSa.Fail(IkeSaFailureKind.Crypto, $"IKE SA key derivation for {suite} failed: {reason}", outputs);
                return ikeSa;
            }
        }
        var response = new List<Ikev2Payload>
        {
            Ikev2PayloadConverter.ToWire([suite.ToOffered(success.PeerProposal!.Number, ReadOnlyMemory<byte>.Empty)]),
            new KeyExchangePayload((ushort)suite.KeyExchange[0], responderPublic!),
            new NoncePayload(ikeSa._nr),
        };
        response.AddRange(ikeSa.Auth.CertificateRequests());
        response.AddRange(ikeSa.SaInitNotifies(spiR));
        ikeSa._message2 = Ikev2MessageCodec.Encode(new Ikev2Message(ikeSa.Header(Ikev2ExchangeType.IkeSaInit, Ikev2HeaderFlags.Response, 0), response));
        ikeSa.CacheAndSendResponse(0, ikeSa._message2, outputs);
        return ikeSa;
    }

    // ---- Responder: IKE_AUTH ----

    /// <summary>
    /// Picks the connection the peer's IDi (and IDr) asks for among <see cref="_candidates"/> and switches to it (its
    /// authentication and Child SA configuration); false with the reason when none fits. A malformed IDi is left to
    /// the authentication check, which reports it.
    /// </summary>
    private bool TrySettleConnection(IdentificationPayload idi, IReadOnlyList<Ikev2Payload> inner, out string? reason)
    {
        reason = null;
        if (_candidates.Count == 0 || !Ikev2PayloadConverter.TryFromWire(idi, out var peerId, out _)) { return true; }
        IkeIdentity? wanted = inner.OfType<IdentificationPayload>().FirstOrDefault(p => !p.IsInitiator) is { } idr
            && Ikev2PayloadConverter.TryFromWire(idr, out var asked, out _) ? asked : null;
        var selected = ResponderConnectionSelector.Select(_candidates, peerId!, wanted, out string why);
        if (selected is null)
        {
            reason = why;
            return false;
        }
        if (!ReferenceEquals(selected, Connection))
        {
            Connection = selected;
            _auth = new IkeSaAuthentication(selected);
            Auth.OnPeerPayloads(_saInitPayloads);
            _peerSupportsFragmentation = selected.Fragmentation.Enabled && FindNotify(_saInitPayloads, NotifyType.Ikev2FragmentationSupported) is not null;
        }
        return true;
    }

    private void OnAuthRequest(Ikev2Header header, byte[] datagram, Ikev2Message message, List<EngineOutput> outputs)
    {
        if (!TryOpen(datagram, message, out var inner)) { return; }
        var id = inner.OfType<IdentificationPayload>().FirstOrDefault(p => p.IsInitiator);
        var auth = inner.OfType<AuthenticationPayload>().FirstOrDefault();
        if (id is null || auth is null)
        {
            SendProtectedResponse(header, [Notify(NotifyType.InvalidSyntax)], outputs);
            Fail(IkeSaFailureKind.InvalidMessage, "IKE_AUTH request lacks IDi or AUTH", outputs);
            return;
        }
        if (!TrySettleConnection(id, inner, out string? mismatch))
        {
            SendProtectedResponse(header, [Notify(NotifyType.AuthenticationFailed)], outputs);
            Fail(IkeSaFailureKind.AuthenticationFailed, mismatch!, outputs);
            return;
        }
        Auth.OnPeerPayloads(inner);
        if (!Auth.TryVerifyPeer(new AuthOctetsInput(_protection!.Prf, _message1, _nr, _protection.Keys.SkPi), inner, id, auth, _now, Remote.ToString(),
            out var identity, out string reason))
        {
            SendProtectedResponse(header, [Notify(NotifyType.AuthenticationFailed)], outputs);
            Fail(IkeSaFailureKind.AuthenticationFailed, reason, outputs);
            return;
        }
        var ourId = Ikev2PayloadConverter.ToWire(Connection.LocalIdentity, isInitiator: false);
        if (!Auth.TryCreate(new AuthOctetsInput(_protection.Prf, _message2, _ni, _protection.Keys.SkPr), ourId, withCertificateRequest: false,
            out var authPayloads, out reason))
        {
            SendProtectedResponse(header, [Notify(NotifyType.AuthenticationFailed)], outputs);
            Fail(IkeSaFailureKind.Crypto, reason, outputs);
            return;
        }
        var response = new List<Ikev2Payload> { ourId };
        response.AddRange(authPayloads);
        var child = NegotiateChild(inner, response, out var childFailure);
        Establish(identity!, outputs);
        // The Child SA is installed before the response leaves: the initiator may send ESP the moment it has the
        // response, and a packet that arrives before its SA is lost (seen live with strongSwan).
        if (child is { } c)
        {
            InstallChild(c.Suite, _childInboundSpi, c.PeerSpi, c.Local, c.Remote, c.Mode, ReadOnlySpan<byte>.Empty, _ni, _nr, weInitiatedExchange: false, outputs,
                c.Config);
        }
        else if (childFailure is { } failure)
        {
            outputs.Add(new IkeSaFailed(Id, Connection.Name, failure.Kind, failure.Reason));
        }
        SendProtectedResponse(header, response, outputs);
    }

    private ChildNegotiation? NegotiateChild(IReadOnlyList<Ikev2Payload> inner, List<Ikev2Payload> response, out (IkeSaFailureKind Kind, string Reason)? failure)
    {
        failure = null;
        var sa = inner.OfType<SecurityAssociationPayload>().FirstOrDefault();
        var tsi = inner.OfType<TrafficSelectorPayload>().FirstOrDefault(p => p.IsInitiator);
        var tsr = inner.OfType<TrafficSelectorPayload>().FirstOrDefault(p => !p.IsInitiator);
        if (sa is null || tsi is null || tsr is null)
        {
            return null; // IKE SA without a Child SA (RFC 7296 §1.2 allows omitting it).
        }
        if (!TryConvert(tsi.Selectors, out var initiatorTs) || !TryConvert(tsr.Selectors, out var responderTs))
        {
            response.Add(Notify(NotifyType.TsUnacceptable));
            failure = (IkeSaFailureKind.TsUnacceptable, "Child SA: TS_UNACCEPTABLE: the peer's traffic selectors are malformed");
            return null;
        }
        // The first configured child whose selectors and proposals fit (a connection may have several).
        var peerProposals = Ikev2PayloadConverter.FromWire(sa);
        var choice = ChildConfigSelector.Select(Connection.Children, c => ProposalSelector.Select(WithoutKeyExchange(c.EspProposals), peerProposals),
            initiatorTs, responderTs, out string tsReason);
        if (choice is null)
        {
            response.Add(Notify(NotifyType.TsUnacceptable));
            failure = (IkeSaFailureKind.TsUnacceptable, $"Child SA: TS_UNACCEPTABLE: {tsReason}");
            return null;
        }
        var (config, selection, narrowed) = choice;
        if (!selection.IsSuccess || selection.PeerProposal!.Spi.Length != 4)
        {
            response.Add(Notify(NotifyType.NoProposalChosen));
            failure = (IkeSaFailureKind.NoProposalChosen, $"Child SA: NO_PROPOSAL_CHOSEN: {(selection.IsSuccess ? "peer's ESP SPI is not 4 bytes" : selection.Reason)}");
            return null;
        }
        _childInboundSpi = NewChildSpi();
        var spi = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(spi, _childInboundSpi);
        var mode = config.Mode == ChildSaMode.Transport && FindNotify(inner, NotifyType.UseTransportMode) is not null
            ? ChildSaMode.Transport : ChildSaMode.Tunnel;
        if (mode == ChildSaMode.Transport) { response.Add(Notify(NotifyType.UseTransportMode)); }
        response.Add(Ikev2PayloadConverter.ToWire([selection.Selected!.ToOffered(selection.PeerProposal.Number, spi)]));
        response.Add(new TrafficSelectorPayload(true, [.. narrowed.Initiator.Select(Ikev2PayloadConverter.ToWire)]));
        response.Add(new TrafficSelectorPayload(false, [.. narrowed.Responder.Select(Ikev2PayloadConverter.ToWire)]));
        return new ChildNegotiation(selection.Selected, BinaryPrimitives.ReadUInt32BigEndian(selection.PeerProposal.Spi.Span),
            narrowed.Responder, narrowed.Initiator, mode, config);
    }

    // ---- INFORMATIONAL ----

    public bool StartDelete(DateTimeOffset now, List<EngineOutput> outputs, string? reason = null)
    {
        _now = now;
        if (State != IkeSaState.Established || _pending is not null) { return false; }
        _deleteReason = reason;
        MoveTo(IkeSaState.Deleting);
        SendProtectedRequest(Ikev2ExchangeType.Informational, [new DeletePayload(ProtocolId.Ike, 0, [])], outputs);
        return true;
    }

    public bool StartLivenessCheck(DateTimeOffset now, List<EngineOutput> outputs)
    {
        _now = now;
        if (State != IkeSaState.Established || _pending is not null) { return false; }
        SendProtectedRequest(Ikev2ExchangeType.Informational, [], outputs);
        return true;
    }

    private void OnInformationalRequest(Ikev2Header header, byte[] datagram, Ikev2Message message, List<EngineOutput> outputs)
    {
        if (!TryOpen(datagram, message, out var inner)) { return; }
        if (FindNotify(inner, NotifyType.AuthenticationFailed) is not null)
        {
            SendProtectedResponse(header, [], outputs);
            Fail(IkeSaFailureKind.AuthenticationFailed,
                $"AUTHENTICATION_FAILED: peer {Remote} rejected our authentication as {Connection.LocalIdentity} after IKE_AUTH", outputs, asFailure: true);
            return;
        }
        var deletes = inner.OfType<DeletePayload>().ToList();
        if (deletes.Exists(d => d.ProtocolId == ProtocolId.Ike))
        {
            SendProtectedResponse(header, [], outputs);
            if (IkeCollision is { NewIkeSa: { } winner })
            {
                // The peer finished its rekey first and deletes the old SA: its new SA keeps the Child SAs, ours is
                // forgotten (RFC 7296 §2.25.2).
                IkeCollision = null;
                MoveChildrenTo(winner, outputs);
                Finish(IkeSaState.Deleted, $"rekeyed by peer {Remote} to {winner.Id} (simultaneous rekey)", outputs);
                return;
            }
            Finish(IkeSaState.Deleted, State == IkeSaState.Rekeyed ? $"rekeyed, old SA deleted by peer {Remote}" : $"deleted by peer {Remote}", outputs);
            return;
        }
        var answer = new List<Ikev2Payload>();
        ChildSaDeleteExchange.Respond(this, deletes, answer, outputs);
        // Anything else (an empty request is a liveness check) gets an empty or Delete answer.
        SendProtectedResponse(header, answer, outputs);
    }

    private void OnInformationalResponse(byte[] datagram, Ikev2Message message, List<EngineOutput> outputs)
    {
        if (!TryOpen(datagram, message, out _)) { return; }
        _pending = null;
        if (State == IkeSaState.Deleting)
        {
            Finish(IkeSaState.Deleted, _deleteReason is null ? "deleted by us" : $"deleted by us: {_deleteReason}", outputs);
        }
    }

    // ---- Message routing, window and retransmission ----

    /// <summary>
    /// Handles a message the engine routed to this SA that came in on <paramref name="local"/> from
    /// <paramref name="remote"/>: SKF fragments are reassembled first, and once the message is authenticated the SA
    /// follows the peer to new endpoints when NAT traversal calls for it.
    /// </summary>
    public void Receive(Ikev2Header header, byte[] datagram, Ikev2Message message, IPEndPoint local, IPEndPoint remote, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        _now = now;
        _receivedOn = local;
        _receivedFrom = remote;
        _endPointsMoved = false;
        bool hadChild = Children.Count > 0;
        try
        {
            if (message.Payloads is [.., EncryptedFragmentPayload] && !TryReassemble(header, datagram, ref message)) { return; }
            Receive(header, datagram, message, now, outputs);
            if (_endPointsMoved && hadChild && Children.Count > 0)
            {
                outputs.Add(new UpdateChildSaEndPoints(Id, Local, Remote, _nat.Encapsulation(Local, Remote)));
            }
        }
        finally
        {
            _receivedOn = null;
            _receivedFrom = null;
            _reassembled = null;
            DropHandshakeState();
        }
    }

    /// <summary>
    /// Feeds an SKF fragment to reassembly (RFC 7383 §2.6). Returns true with <paramref name="message"/> replaced by the
    /// whole message when it completed, or true unchanged when the window logic must see it (a retransmitted request
    /// is answered from the cache on its first fragment); false when nothing more is to be done now.
    /// </summary>
    private bool TryReassemble(Ikev2Header header, byte[] datagram, ref Ikev2Message message)
    {
        if (!_peerSupportsFragmentation || _protection is null)
        {
            _counters.UnexpectedInState++;
            return false;
        }
        FragmentReassembler reassembler;
        if (header.IsResponse)
        {
            if (_pending is null || header.MessageId != _pending.MessageId)
            {
                _counters.UnexpectedResponses++;
                return false;
            }
            reassembler = _responseFragments;
        }
        else
        {
            if (header.MessageId != _expectedRequestId || IkeSaTransitions.IsFinal(State)) { return true; }
            reassembler = _requestFragments;
        }
        _counters.FragmentsReceived++;
        switch (reassembler.Add(datagram, message, _protection, _now, out var inner))
        {
            case FragmentResult.Complete:
                message = new Ikev2Message(header, []);
                _reassembled = (message, inner);
                return true;
            case FragmentResult.Unauthenticated:
                _counters.DecryptionFailures++;
                return false;
            case FragmentResult.Rejected:
                _counters.FragmentsRejected++;
                return false;
            default:
                return false;
        }
    }

    /// <summary>Handles a message the engine routed to this SA (header and payloads decoded, SK not yet opened).</summary>
    public void Receive(Ikev2Header header, byte[] datagram, Ikev2Message message, DateTimeOffset now, List<EngineOutput> outputs)
    {
        _now = now;
        if (header.IsResponse)
        {
            if (_pending is null || header.MessageId != _pending.MessageId)
            {
                _counters.UnexpectedResponses++;
                return;
            }
            if (_active is { } active && header.ExchangeType == active.ExchangeType)
            {
                if (!TryOpen(datagram, message, out var answer)) { return; }
                _pending = null;
                _active = null;
                active.OnResponse(this, answer, outputs);
                RunSchedule(outputs);
                return;
            }
            switch (State, header.ExchangeType)
            {
                case (IkeSaState.SaInitSent, Ikev2ExchangeType.IkeSaInit):
                    OnSaInitResponse(header, datagram, message, outputs);
                    break;
                case (IkeSaState.AuthSent, Ikev2ExchangeType.IkeAuth):
                    OnAuthResponse(header, datagram, message, outputs);
                    break;
                case (IkeSaState.Established or IkeSaState.Deleting or IkeSaState.Rekeyed, Ikev2ExchangeType.Informational):
                    OnInformationalResponse(datagram, message, outputs);
                    RunSchedule(outputs);
                    break;
                default:
                    _counters.UnexpectedInState++;
                    break;
            }
            return;
        }
        if (_cachedResponse is not null && header.MessageId == _cachedResponseId)
        {
            // A fragmented request is answered again on its first fragment only (RFC 7383 §2.6.1).
            if (message.Payloads is [.., EncryptedFragmentPayload { FragmentNumber: not 1 }]) { return; }
            _counters.RetransmittedRequestsAnswered++;
            TransmitAll(_cachedResponseFragments ?? [_cachedResponse], outputs);
            return;
        }
        if (header.MessageId != _expectedRequestId || IkeSaTransitions.IsFinal(State))
        {
            _counters.OutOfWindowRequests++;
            return;
        }
        switch (State, header.ExchangeType)
        {
            case (IkeSaState.SaInitResponded, Ikev2ExchangeType.IkeAuth):
                OnAuthRequest(header, datagram, message, outputs);
                break;
            case (IkeSaState.Established or IkeSaState.Deleting or IkeSaState.Rekeyed, Ikev2ExchangeType.Informational):
                OnInformationalRequest(header, datagram, message, outputs);
                RunSchedule(outputs);
                break;
            case (IkeSaState.Established or IkeSaState.Deleting or IkeSaState.Rekeyed, Ikev2ExchangeType.CreateChildSa):
                if (TryOpen(datagram, message, out var request)) { CreateChildSaResponder.Respond(this, header, request, outputs); }
                RunSchedule(outputs);
                break;
            default:
                _counters.UnexpectedInState++;
                break;
        }
    }

    public void OnTimer(DateTimeOffset now, List<EngineOutput> outputs)
    {
        _now = now;
        if (State == IkeSaState.SaInitResponded && now >= _lingerUntil)
        {
            Fail(IkeSaFailureKind.PeerNotResponding, $"initiator {Remote} sent no IKE_AUTH within the half-open timeout after IKE_SA_INIT", outputs);
            // Nothing was established: a half-open SA is forgotten at once, so a flood cannot pile up lingering ones.
            _lingerUntil = now;
            return;
        }
        _requestFragments.Expire(now);
        _responseFragments.Expire(now);
        ExpireCachedResponse();
        if (State == IkeSaState.Established && _nat.TakeKeepalive(now))
        {
            outputs.Add(new SendNatKeepalive(Id, Local, Remote));
        }
        if (State == IkeSaState.Rekeyed && now >= _lingerUntil && _pending is null)
        {
            Finish(IkeSaState.Deleted, $"rekeyed; peer {Remote} did not delete the old IKE SA", outputs);
            return;
        }
        if (_pending is null || now < _pending.Deadline || IkeSaTransitions.IsFinal(State))
        {
            RunSchedule(outputs);
            return;
        }
        var settings = Connection.EffectiveRetransmission;
        if (_pending.Retransmits >= settings.Tries)
        {
            string reason = $"peer {Remote} not responding after {settings.Tries} retransmits";
            _pending = null;
            if (State == IkeSaState.Deleting)
            {
                Finish(IkeSaState.Deleted, $"deleted by us ({reason})", outputs);
            }
            else
            {
                Fail(IkeSaFailureKind.PeerNotResponding, reason, outputs);
            }
            return;
        }
        _pending.Retransmits++;
        _pending.Deadline = now + settings.WaitAfter(_pending.Retransmits);
        _counters.RequestsRetransmitted++;
        TransmitAll(_pending.Fragments ?? [_pending.Datagram], outputs);
    }

    private void SendRequest(uint messageId, byte[] datagram, List<EngineOutput> outputs, List<byte[]>? fragments = null)
    {
        _pending = new PendingRequest(messageId, datagram, _now + Connection.EffectiveRetransmission.WaitAfter(0)) { Fragments = fragments };
        TransmitAll(fragments ?? [datagram], outputs);
    }

    /// <summary>Sends one datagram to the peer on the SA's current endpoints (with the non-ESP marker once floated).</summary>
    private void Transmit(byte[] datagram, List<EngineOutput> outputs)
    {
        _nat.NoteSent(_now);
        outputs.Add(new SendDatagram(Local, Remote, datagram, _nat.Floated || Local.Port == SendDatagram.NatTraversalPort));
    }

    private void TransmitAll(IReadOnlyList<byte[]> datagrams, List<EngineOutput> outputs)
    {
        foreach (var datagram in datagrams) { Transmit(datagram, outputs); }
    }

    /// <summary>
    /// SKF fragments of a sealed message that is larger than the fragment size allows, when both sides announced
    /// fragmentation (RFC 7383 §2.5); null when it goes whole.
    /// </summary>
    private List<byte[]>? FragmentIfNeeded(Ikev2Header header, IReadOnlyList<Ikev2Payload> inner, byte[] whole)
    {
        if (!_peerSupportsFragmentation) { return null; }
        bool marker = _nat.Floated || Local.Port == SendDatagram.NatTraversalPort;
        int max = MessageFragmenter.MaxMessageLength(Connection.Fragmentation.FragmentSize, Local, marker);
        if (whole.Length <= max) { return null; }
        if (!MessageFragmenter.TryFragment(_protection!, header, inner, max, out var fragments, out _))
        {
            return null; // too small a fragment size to be useful: the message goes whole and IP may fragment it
        }
        _counters.MessagesFragmented++;
        return fragments;
    }

    private void SendProtectedRequest(Ikev2ExchangeType exchange, IReadOnlyList<Ikev2Payload> inner, List<EngineOutput> outputs)
    {
        uint messageId = _nextRequestId++;
        var header = Header(exchange, IsInitiator ? Ikev2HeaderFlags.Initiator : Ikev2HeaderFlags.None, messageId);
        if (!_protection!.TrySeal(header, inner, out var datagram, out string reason))
        {
            Fail(IkeSaFailureKind.Crypto, $"cannot protect {exchange} request: {reason}", outputs);
            return;
        }
        SendRequest(messageId, datagram, outputs, FragmentIfNeeded(header, inner, datagram));
    }

    /// <summary>Sends the request of <paramref name="exchange"/>, whose <see cref="IIkeSaExchange.OnResponse"/> gets the answer.</summary>
    internal void SendExchangeRequest(IIkeSaExchange exchange, IReadOnlyList<Ikev2Payload> inner, List<EngineOutput> outputs)
    {
        _active = exchange;
        SendProtectedRequest(exchange.ExchangeType, inner, outputs);
    }

    internal void SendProtectedResponse(Ikev2Header request, IReadOnlyList<Ikev2Payload> inner, List<EngineOutput> outputs)
    {
        var flags = Ikev2HeaderFlags.Response | (IsInitiator ? Ikev2HeaderFlags.Initiator : Ikev2HeaderFlags.None);
        var header = Header(request.ExchangeType, flags, request.MessageId);
        if (!_protection!.TrySeal(header, inner, out var datagram, out string reason))
        {
            Fail(IkeSaFailureKind.Crypto, $"cannot protect {request.ExchangeType} response: {reason}", outputs);
            return;
        }
        CacheAndSendResponse(request.MessageId, datagram, outputs, FragmentIfNeeded(header, inner, datagram));
    }

    private void CacheAndSendResponse(uint messageId, byte[] datagram, List<EngineOutput> outputs, List<byte[]>? fragments = null)
    {
        _cachedResponseId = messageId;
        _cachedResponse = datagram;
        _cachedResponseFragments = fragments;
        _expectedRequestId = messageId + 1;
        KeepCachedResponse();
        TransmitAll(fragments ?? [datagram], outputs);
    }

    private bool TryOpen(byte[] datagram, Ikev2Message message, out IReadOnlyList<Ikev2Payload> inner)
    {
        if (_reassembled is { } whole && ReferenceEquals(whole.Message, message))
        {
            inner = whole.Inner; // reassembled from SKF fragments, each already authenticated
        }
        else if (_protection is null || !_protection.TryOpen(datagram, message, out inner, out _))
        {
            inner = [];
            _counters.DecryptionFailures++;
            return false;
        }
        FollowPeer();
        return true;
    }

    /// <summary>An authenticated message from new endpoints moves the SA there if NAT traversal says so (RFC 7296 §2.23).</summary>
    private void FollowPeer()
    {
        if (_receivedOn is null || _receivedFrom is null || !_nat.TryFollow(_receivedOn, _receivedFrom, Local, Remote)) { return; }
        Local = _receivedOn;
        Remote = _receivedFrom;
        _endPointsMoved = true;
    }

    // ---- Authentication and Child SA keys ----

    private string DescribeOurAuthentication() => Connection.LocalAuthentication == AuthenticationClass.PublicKey
        ? $"certificate {Connection.LocalCertificate}: untrusted CA, expired, revoked, or an ID the certificate lacks? the peer's log says which"
        : "PSK mismatch?";

    /// <summary>
    /// Derives the keys of a new Child SA (RFC 7296 §2.17: prf+(SK_d, [g^ir (new) |] Ni | Nr)), asks the driver to install
    /// it and adds it to <see cref="Children"/> with its lifetimes. Returns null (and reports why) when that fails.
    /// <paramref name="weInitiatedExchange"/> says whether we sent the request of the exchange that created it (IKE_AUTH or
    /// CREATE_CHILD_SA): KEYMAT's first keys protect that exchange initiator's traffic, whoever started the IKE SA.
    /// </summary>
    internal ChildSa? InstallChild(CryptoSuite suite, uint inboundSpi, uint peerSpi, IReadOnlyList<Ike.TrafficSelectors.TrafficSelector> local,
        IReadOnlyList<Ike.TrafficSelectors.TrafficSelector> remote, ChildSaMode mode, ReadOnlySpan<byte> sharedSecret, byte[] ni, byte[] nr,
        bool weInitiatedExchange, List<EngineOutput> outputs, Ikev2ChildConfig? config = null)
    {
        config ??= Connection.FirstChild;
        var encryption = suite.Encryption[0];
        IntegrityAlgorithm? integrity = suite.IsAead ? null : suite.Integrity is [var i, ..] ? i : null;
        if (!_registry.TryDescribeEncryption(encryption.Algorithm, encryption.KeyLength, out var info, out var error))
        {
            outputs.Add(new IkeSaFailed(Id, Connection.Name, IkeSaFailureKind.Crypto, $"Child SA: {error}"));
            return null;
        }
        var lengths = new ChildSaKeyLengths(info.KeyMaterialLength, integrity is { } ia ? _registry.IntegrityKeyLength(ia) : 0);
        if (!Ikev2KeyDerivation.TryDeriveChildSaKeys(_protection!.Prf, _protection.Keys.SkD.ReadOnlySpan, sharedSecret,
            ni, nr, lengths, out var keys, out error))
        {
            outputs.Add(new IkeSaFailed(Id, Connection.Name, IkeSaFailureKind.Crypto, $"Child SA key derivation: {error}"));
            return null;
        }
        // KEYMAT: the exchange initiator's sending keys first (RFC 7296 §2.17). The host owns the keys from here on.
        var fromInitiator = (keys!.InitiatorEncryptionKey, keys.InitiatorIntegrityKey);
        var fromResponder = (keys.ResponderEncryptionKey, keys.ResponderIntegrityKey);
        var (inE, inA) = weInitiatedExchange ? fromResponder : fromInitiator;
        var (outE, outA) = weInitiatedExchange ? fromInitiator : fromResponder;
        var child = new ChildSa(inboundSpi, peerSpi, suite, local, remote, mode) { Config = config };
        IkeSaSchedule.StartChildLifetime(child, _now, config.Lifetimes ?? Lifetimes, _random);
        Children.Add(child);
        bool esn = suite.ExtendedSequenceNumbers is [ExtendedSequenceNumbers.Extended, ..];
        outputs.Add(new InstallChildSa(Id, Local, Remote, mode, encryption, integrity, esn,
            new ChildSaDirectionKeys(inboundSpi, inE, inA), new ChildSaDirectionKeys(peerSpi, outE, outA), local, remote, suite)
        {
            UdpEncapsulation = _nat.Encapsulation(Local, Remote),
            Child = config.Name,
        });
        outputs.Add(new ChildSaEstablished(Id, Connection.Name, inboundSpi, peerSpi,
            $"{suite} {mode.ToString().ToUpperInvariant()} {string.Join(' ', local)} === {string.Join(' ', remote)}") { Child = config.Name });
        return child;
    }

    /// <summary>Removes <paramref name="child"/> from the driver and from this SA.</summary>
    internal void RemoveChild(ChildSa child, List<EngineOutput> outputs)
    {
        if (!Children.Remove(child)) { return; }
        outputs.Add(new DeleteChildSa(Id, child.InboundSpi, child.OutboundSpi));
    }

    // ---- IKE SA rekey (RFC 7296 §2.18) ----

    /// <summary>The IKE SA a CREATE_CHILD_SA rekey of <paramref name="old"/> created: established at once, same peer and authentication.</summary>
    internal static IkeSa CreateRekeyed(IkeSa old, bool weInitiated, ulong spiI, ulong spiR, CryptoSuite suite, IkeSaProtection protection,
        byte[] ni, byte[] nr)
    {
        var sa = new IkeSa(old.Connection, weInitiated, spiI, spiR, old.Local, old.Remote, IkeSaState.Established, old._registry, old._random,
            old._counters)
        {
            _now = old._now,
            _ni = ni,
            _nr = nr,
            _protection = protection,
            Suite = suite,
            RemoteIdentity = old.RemoteIdentity,
            Owner = old.Owner,
        };
        sa._nat.ContinueFrom(old._nat, sa._now);
        sa.Schedule.StartIkeLifetime(sa._now, sa.Lifetimes, sa._random);
        return sa;
    }

    /// <summary>
    /// Hands every Child SA (and the work queued for them) to <paramref name="target"/>, the IKE SA that replaces this one,
    /// and says so with <see cref="IkeSaRekeyed"/> (once per rekey, also when two rekeys collided: for the surviving SA).
    /// </summary>
    internal void MoveChildrenTo(IkeSa target, List<EngineOutput> outputs)
    {
        target.Children.AddRange(Children);
        Children.Clear();
        target.Schedule.TakeTasksFrom(Schedule);
        target.Owner?.Touch(target); // its deadlines now include the Child SAs'
        IkeSaKeyLog.AddIfEnabled(target.Connection, target.Id, target.Suite, target._protection, outputs);
        outputs.Add(new IkeSaRekeyed(Id, Connection.Name, target.Id, WeInitiated: target.IsInitiator));
    }

    /// <summary>The peer rekeyed this IKE SA: no more exchanges of ours here; wait (bounded) for the peer's Delete.</summary>
    internal void EnterRekeyed()
    {
        MoveTo(IkeSaState.Rekeyed);
        var settings = Connection.EffectiveRetransmission;
        var schedule = TimeSpan.Zero;
        for (int i = 0; i <= settings.Tries; i++) { schedule += settings.WaitAfter(i); }
        _lingerUntil = _now + schedule + RekeyedMargin;
    }

    private void RunSchedule(List<EngineOutput> outputs)
    {
        if (State is IkeSaState.Established) { Schedule.Run(this, _pending is not null, outputs); }
    }

    // ---- State ----

    private void Establish(IkeIdentity remoteIdentity, List<EngineOutput> outputs)
    {
        MoveTo(IkeSaState.Established);
        RemoteIdentity = remoteIdentity;
        Schedule.StartIkeLifetime(_now, Lifetimes, _random);
        IkeSaKeyLog.AddIfEnabled(Connection, Id, Suite, _protection, outputs);
        outputs.Add(new IkeSaEstablished(Id, Connection.Name, IsInitiator, Suite!, remoteIdentity));
    }

    private void Fail(IkeSaFailureKind kind, string reason, List<EngineOutput> outputs, bool asFailure = false)
    {
        bool wasEstablished = !asFailure && State is IkeSaState.Established or IkeSaState.Deleting or IkeSaState.Rekeyed;
        MoveTo(IkeSaState.Failed);
        _pending = null;
        _nat.Stop();
        AbandonExchange();
        _lingerUntil = _now + Linger;
        ReleaseChild(outputs);
        outputs.Add(wasEstablished
            ? new IkeSaDeleted(Id, Connection.Name, reason)
            : new IkeSaFailed(Id, Connection.Name, kind, reason));
    }

    private void Finish(IkeSaState final, string reason, List<EngineOutput> outputs)
    {
        MoveTo(final);
        _pending = null;
        _nat.Stop();
        AbandonExchange();
        _lingerUntil = _now + Linger;
        ReleaseChild(outputs);
        outputs.Add(new IkeSaDeleted(Id, Connection.Name, reason));
    }

    private void ReleaseChild(List<EngineOutput> outputs)
    {
        foreach (var child in Children.ToList()) { RemoveChild(child, outputs); }
    }

    private void AbandonExchange()
    {
        _active?.Abandon();
        _active = null;
    }

    private void MoveTo(IkeSaState next)
    {
        if (!IkeSaTransitions.IsAllowed(State, next))
        {
            // Only our own code calls this after checking the state: reaching here is a bug, not bad peer input.
            throw new InvalidOperationException($"IKE SA {Id}: transition {State} -> {next} is not allowed");
        }
        State = next;
    }

    // ---- Small helpers ----

    private Ikev2Header Header(Ikev2ExchangeType exchange, Ikev2HeaderFlags flags, uint messageId) =>
        new(SpiI, SpiR, Ikev2PayloadType.None, 2, 0, exchange, flags, messageId, 0);

    /// <summary>An unprotected error response to a request we keep no state for (RFC 7296 §2.21.1).</summary>
    public static byte[] UnprotectedError(Ikev2Header request, NotifyType type, ReadOnlyMemory<byte> data)
    {
        var header = new Ikev2Header(request.InitiatorSpi, request.ExchangeType == Ikev2ExchangeType.IkeSaInit ? 0 : request.ResponderSpi,
            Ikev2PayloadType.None, 2, 0, request.ExchangeType, Ikev2HeaderFlags.Response, request.MessageId, 0);
        return Ikev2MessageCodec.Encode(new Ikev2Message(header, [Notify(type, data)]));
    }

    internal static NotifyPayload Notify(NotifyType type, ReadOnlyMemory<byte> data = default) =>
        new(ProtocolId.None, ReadOnlyMemory<byte>.Empty, type, data);

    internal static NotifyPayload? FindNotify(IReadOnlyList<Ikev2Payload> payloads, NotifyType type) =>
        payloads.OfType<NotifyPayload>().FirstOrDefault(n => n.NotifyType == type);

    private void CheckNatDetection(IReadOnlyList<Ikev2Payload> payloads)
    {
        // The hashes use the SPIs of the message they came in: in the first request SPIr is 0.
        _nat.Check(payloads, SpiI, IsInitiator ? SpiR : 0, Local, Remote, _now);
    }

    internal static bool TryConvert(IReadOnlyList<WireTrafficSelector> selectors, out IReadOnlyList<Ike.TrafficSelectors.TrafficSelector> result)
    {
        var list = new List<Ike.TrafficSelectors.TrafficSelector>(selectors.Count);
        foreach (var selector in selectors)
        {
            if (!Ikev2PayloadConverter.TryFromWire(selector, out var converted, out _))
            {
                result = [];
                return false;
            }
            list.Add(converted!);
        }
        result = list;
        return list.Count > 0;
    }

    private static List<CryptoSuite> WithoutKeyExchange(IReadOnlyList<CryptoSuite> suites)
    {
        var result = new List<CryptoSuite>();
        foreach (var suite in suites)
        {
            var kept = suite.Transforms.Where(t => t.Type != ProposalTransformType.KeyExchange);
            var stripped = CryptoSuite.TryCreate(suite.Protocol, kept, out var s, out _) ? s! : suite;
            if (!result.Contains(stripped)) { result.Add(stripped); }
        }
        return result;
    }

    internal uint NewChildSpi()
    {
        Span<byte> bytes = stackalloc byte[4];
        uint spi;
        do
        {
            _random.Fill(bytes);
            spi = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }
        while (spi < 256); // 1-255 are reserved by IANA, 0 is invalid.
        return spi;
    }

    internal static byte[] RandomBytes(IRandomSource random, int length)
    {
        var bytes = new byte[length];
        random.Fill(bytes);
        return bytes;
    }

    private static string Describe(KeyExchangeMethod method) => new ProposalTransform(ProposalTransformType.KeyExchange, (ushort)method).ToString();

    public void Dispose()
    {
        AbandonExchange();
        _keyExchange?.Dispose();
        _protection?.Dispose();
    }

    private readonly record struct ChildNegotiation(CryptoSuite Suite, uint PeerSpi, IReadOnlyList<Ike.TrafficSelectors.TrafficSelector> Local,
        IReadOnlyList<Ike.TrafficSelectors.TrafficSelector> Remote, ChildSaMode Mode, Ikev2ChildConfig Config);
}
