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
/// Sans-I/O load initiator (like strongSwan's load-tester): starts <c>count</c> IKE SAs, each with its own initiator
/// SPI and identity (load-N.lab.example) and one Child SA, keeping at most <c>window</c> of them unfinished at a time.
/// The caller moves datagrams between it and the responder and calls <see cref="OnTimer"/> now and then (retransmits).
/// </summary>
internal sealed class LoadInitiator : IDisposable
{
    private readonly Ikev2Engine _engine = new([], SystemRandomSource.Instance);
    private readonly LoadSettings _settings;
    private readonly IReadOnlyList<CryptoSuite> _ike;
    private readonly IReadOnlyList<CryptoSuite> _esp;
    private readonly TrafficSelector _localTs;
    private readonly TrafficSelector _remoteTs;
    // Keyed by our (initiator) SPI: the IkeSaId returned by Initiate has no responder SPI yet.
    private readonly HashSet<ulong> _pending = [];
    private int _started;

    public LoadInitiator(LoadSettings settings)
    {
        _settings = settings;
        _ike = ProposalParser.ParseList(settings.IkeProposal, ProposalProtocol.Ike);
        _esp = ProposalParser.ParseList(settings.EspProposal, ProposalProtocol.Esp);
        _localTs = TrafficSelector.FromSubnet(IPAddress.Parse("10.1.0.0"), 16);
        _remoteTs = TrafficSelector.FromSubnet(IPAddress.Parse("10.2.0.0"), 16);
    }

    /// <summary>IKE SAs whose Child SA was established.</summary>
    public int Established { get; private set; }

    /// <summary>IKE SAs that failed (the first reason is kept in <see cref="FirstFailure"/>).</summary>
    public int Failed { get; private set; }

    /// <summary>The first failure's reason, if any.</summary>
    public string? FirstFailure { get; private set; }

    /// <summary>Whether every IKE SA has been started and has finished (established or failed).</summary>
    public bool Done => _started == _settings.Count && _pending.Count == 0;

    /// <summary>Starts IKE SAs until the in-flight window is full or all have been started.</summary>
    public void Fill(DateTimeOffset now, List<SendDatagram> sends)
    {
        while (_started < _settings.Count && _pending.Count < _settings.Window)
        {
            int index = _started++;
            var connection = new Ikev2Connection($"load-{index}", _settings.Local, _settings.Remote,
                IkeIdentity.Parse($"load-{index}.lab.example"), IkeIdentity.Parse(_settings.ResponderId), _settings.PreSharedKey,
                _ike, _esp, [_localTs], [_remoteTs]);
            if (_settings.Certificates is { } certificates)
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
            _pending.Add(id.InitiatorSpi);
            Collect(outputs, sends);
        }
    }

    /// <summary>Hands one received IKE message (without non-ESP marker) to the engine.</summary>
    public void Receive(ReadOnlySpan<byte> datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now, List<SendDatagram> sends) =>
        Collect(_engine.Receive(datagram, local, remote, now), sends);

    /// <summary>Retransmissions and give-ups.</summary>
    public void OnTimer(DateTimeOffset now, List<SendDatagram> sends) => Collect(_engine.OnTimer(now), sends);

    private void Collect(IReadOnlyList<EngineOutput> outputs, List<SendDatagram> sends)
    {
        foreach (var output in outputs)
        {
            switch (output)
            {
                case SendDatagram send:
                    sends.Add(send);
                    break;
                case ChildSaEstablished child when _pending.Remove(child.IkeSa.InitiatorSpi):
                    Established++;
                    break;
                case IkeSaFailed failed when _pending.Remove(failed.IkeSa.InitiatorSpi):
                    Failed++;
                    FirstFailure ??= $"{failed.Kind}: {failed.Reason}";
                    break;
                case IkeSaDeleted deleted when _pending.Remove(deleted.IkeSa.InitiatorSpi):
                    Failed++;
                    FirstFailure ??= "deleted before its Child SA was established";
                    break;
                default:
                    break;
            }
        }
    }

    public void Dispose() => _engine.Dispose();
}
