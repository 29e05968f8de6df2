using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.Benchmarks;

/// <summary>
/// One full IKEv2 handshake in memory, as in the load run (bench/handshake-load.sh): IKE_SA_INIT and IKE_AUTH with one
/// Child SA between two sans-I/O engines, datagrams handed over directly. The responder is configured like the load
/// run's daemon (no COOKIE round, any initiator identity); every handshake uses a new initiator identity
/// (load-N.lab.example) and leaves both IKE SAs established, so each iteration's engines hold up to
/// <see cref="HandshakesPerIteration"/> SAs. Time and allocation cover both engines (initiator and responder).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(HandshakesPerIteration)]
public class HandshakeBenchmarks : IDisposable
{
    /// <summary>Handshakes per measured iteration (fresh engines for each iteration).</summary>
    public const int HandshakesPerIteration = 256;

    private static readonly IPEndPoint InitiatorEndPoint = new(IPAddress.Parse("192.0.2.1"), 500);
    private static readonly IPEndPoint ResponderEndPoint = new(IPAddress.Parse("192.0.2.2"), 500);

    private readonly List<SendDatagram> _toResponder = [];
    private readonly List<SendDatagram> _toInitiator = [];
    private SecretBytes _psk = null!;
    private Ikev2Connection[] _initiatorConnections = [];
    private Ikev2Connection _responderConnection = null!;
    private Ikev2Engine _initiator = null!;
    private Ikev2Engine _responder = null!;
    private readonly DateTimeOffset _now = DateTimeOffset.UnixEpoch;
    private int _next;

    /// <summary>The IKE proposal (ESP is aes128gcm16 in every case, like the load run).</summary>
    [Params("aes128gcm16-prfsha256-x25519", "aes256-sha256-modp2048")]
    public string Suite { get; set; } = "";

    [GlobalSetup]
    public void GlobalSetup()
    {
        _psk = SecretBytes.CopyOf(Encoding.UTF8.GetBytes("load-test-pre-shared-key-0123456789"));
        var ike = ProposalParser.ParseList(Suite, ProposalProtocol.Ike);
        var esp = ProposalParser.ParseList("aes128gcm16", ProposalProtocol.Esp);
        var initiatorTs = TrafficSelector.FromSubnet(IPAddress.Parse("10.1.0.0"), 16);
        var responderTs = TrafficSelector.FromSubnet(IPAddress.Parse("10.2.0.0"), 16);
        _responderConnection = new Ikev2Connection("load", ResponderEndPoint, new IPEndPoint(IPAddress.Any, 500), IkeIdentity.Parse("b.lab.example"),
            IkeIdentity.Any, _psk, ike, esp, [responderTs], [initiatorTs]);
        _initiatorConnections = new Ikev2Connection[HandshakesPerIteration];
        for (int i = 0; i < _initiatorConnections.Length; i++)
        {
            _initiatorConnections[i] = new Ikev2Connection($"load-{i}", InitiatorEndPoint, ResponderEndPoint, IkeIdentity.Parse($"load-{i}.lab.example"),
                IkeIdentity.Parse("b.lab.example"), _psk, ike, esp, [initiatorTs], [responderTs]);
        }
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _initiator?.Dispose();
        _responder?.Dispose();
        _initiator = new Ikev2Engine([], SystemRandomSource.Instance);
        _responder = new Ikev2Engine([_responderConnection], SystemRandomSource.Instance,
            options: new Ikev2EngineOptions(CookieThreshold: int.MaxValue, MaxHalfOpen: 4096));
        _next = 0;
    }

    [GlobalCleanup]
    public void GlobalCleanup() => _psk?.Dispose();

    /// <inheritdoc />
    public void Dispose()
    {
        _initiator?.Dispose();
        _responder?.Dispose();
        _psk?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>IKE_SA_INIT and IKE_AUTH (4 messages) until both sides have the Child SA.</summary>
    [Benchmark]
    public int Handshake()
    {
        var connection = _initiatorConnections[_next++ % _initiatorConnections.Length];
        int established = 0;
        Collect(_initiator.Initiate(connection, _now, out _), _toResponder, ref established);
        // Two round trips; a few more rounds than needed, bounded.
        for (int round = 0; round < 4 && (_toResponder.Count > 0 || _toInitiator.Count > 0); round++)
        {
            foreach (var request in _toResponder)
            {
                Collect(_responder.Receive(request.Datagram.Span, request.Remote, request.Local, _now), _toInitiator, ref established);
            }

            _toResponder.Clear();
            foreach (var response in _toInitiator)
            {
                Collect(_initiator.Receive(response.Datagram.Span, response.Remote, response.Local, _now), _toResponder, ref established);
            }

            _toInitiator.Clear();
        }

        if (established != 2)
        {
            throw new InvalidOperationException($"handshake {_next} established {established} of 2 Child SAs");
        }

        return established;
    }

    private static void Collect(IReadOnlyList<EngineOutput> outputs, List<SendDatagram> sends, ref int established)
    {
        foreach (var output in outputs)
        {
            if (output is SendDatagram send) { sends.Add(send); }
            else if (output is ChildSaEstablished) { established++; }
        }
    }
}
