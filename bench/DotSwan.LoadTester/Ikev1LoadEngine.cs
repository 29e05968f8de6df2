using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Proposals;

namespace DotSwan.LoadTester;

/// <summary>
/// IKEv1 handshakes: phase 1 Main Mode with PSK (6 messages) and one Quick Mode (3 messages), identity load-N.lab.example.
/// A DH group in the ESP proposal turns on Quick Mode PFS; the default proposal has none.
/// </summary>
internal sealed class Ikev1LoadEngine(LoadSettings settings) : ILoadEngine
{
    private readonly Ikev1Engine _engine = new([], SystemRandomSource.Instance);
    private readonly IReadOnlyList<CryptoSuite> _ike = ProposalParser.ParseList(settings.IkeProposal, ProposalProtocol.Ike);
    private readonly IReadOnlyList<CryptoSuite> _esp = ProposalParser.ParseList(settings.EspProposal, ProposalProtocol.Esp);
    private readonly IkeIdentity _responderId = IkeIdentity.Parse(settings.ResponderId);

    public IReadOnlyList<EngineOutput> Start(int index, DateTimeOffset now, out ulong initiatorSpi)
    {
        var connection = new Ikev1Connection($"load-{index}", settings.Local, settings.Remote, IkeIdentity.Parse($"load-{index}.lab.example"),
            _responderId, settings.PreSharedKey, _ike, _esp, [LoadSettings.InitiatorSubnet], [LoadSettings.ResponderSubnet]);
        var outputs = _engine.Initiate(connection, now, out var id);
        initiatorSpi = id.InitiatorSpi;
        return outputs;
    }

    public IReadOnlyList<EngineOutput> Receive(ReadOnlySpan<byte> datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now) =>
        _engine.Receive(datagram, local, remote, now);

    public IReadOnlyList<EngineOutput> OnTimer(DateTimeOffset now) => _engine.OnTimer(now);

    public void Dispose() => _engine.Dispose();
}
