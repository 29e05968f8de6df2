using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.LoadTester;

/// <summary>
/// IKEv2 handshakes: IKE_SA_INIT + IKE_AUTH with PSK (or certificates, <see cref="LoadSettings.Certificates"/>) and one
/// Child SA, identity load-N.lab.example.
/// </summary>
internal sealed class Ikev2LoadEngine(LoadSettings settings) : ILoadEngine
{
    private readonly Ikev2Engine _engine = new([], SystemRandomSource.Instance);
    private readonly IReadOnlyList<CryptoSuite> _ike = ProposalParser.ParseList(settings.IkeProposal, ProposalProtocol.Ike);
    private readonly IReadOnlyList<CryptoSuite> _esp = ProposalParser.ParseList(settings.EspProposal, ProposalProtocol.Esp);
    private readonly IkeIdentity _responderId = IkeIdentity.Parse(settings.ResponderId);

    public IReadOnlyList<EngineOutput> Start(int index, DateTimeOffset now, out ulong initiatorSpi)
    {
        var connection = new Ikev2Connection($"load-{index}", settings.Local, settings.Remote, IkeIdentity.Parse($"load-{index}.lab.example"),
            _responderId, settings.PreSharedKey, _ike, _esp, [LoadSettings.InitiatorSubnet], [LoadSettings.ResponderSubnet]);
        if (settings.Certificates is { } certificates)
        {
            connection = connection with
            {
                LocalAuthentication = AuthenticationClass.PublicKey,
                LocalCertificate = certificates.For(index),
                SendCertificate = CertificateSendPolicy.Always,
                RemoteAuthentication = AuthenticationClass.PublicKey,
                CertificateTrust = certificates.Trust,
            };
        }

        var outputs = _engine.Initiate(connection, now, out var id);
        initiatorSpi = id.InitiatorSpi;
        return outputs;
    }

    public IReadOnlyList<EngineOutput> Receive(ReadOnlySpan<byte> datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now) =>
        _engine.Receive(datagram, local, remote, now);

    public IReadOnlyList<EngineOutput> OnTimer(DateTimeOffset now) => _engine.OnTimer(now);

    public void Dispose() => _engine.Dispose();
}
