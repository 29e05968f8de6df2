using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.TestHost;

/// <summary>The host's one engine: IKEv2 (default) or IKEv1 (<c>--ikev1</c>), PSK or certificates, each with one connection.</summary>
internal sealed class HostEngine : IDisposable
{
    private readonly Ikev2Engine? _ikev2;
    private readonly Ikev2Connection? _ikev2Connection;
    private readonly Ikev1Engine? _ikev1;
    private readonly Ikev1Connection? _ikev1Connection;

    public HostEngine(HostOptions options, IPEndPoint local, IPEndPoint remote, SecretBytes psk, TrafficSelector localTs, TrafficSelector remoteTs,
        Ikev2Lifetimes ikev2Lifetimes, HostCredentials credentials)
    {
        var ike = ProposalParser.ParseList(options.IkeProposals, ProposalProtocol.Ike);
        var esp = ProposalParser.ParseList(options.EspProposals, ProposalProtocol.Esp);
        if (options.Ikev1)
        {
            _ikev1Connection = new Ikev1Connection("dotswan-lab", local, remote, IkeIdentity.Parse(options.LocalId), IkeIdentity.Parse(options.RemoteId),
                psk, ike, esp, [localTs], [remoteTs])
            {
                KeyProtection = Ikev1KeyProtection.Default with
                {
                    SessionKeyPfs = options.SessionKeyPfs,
                    SessionKeyLifetime = options.SessionKeyLifetime ?? Ikev1KeyProtection.Default.SessionKeyLifetime,
                },
                AggressiveMode = options.Aggressive,
                ForceEncapsulation = options.ForceEncapsulation,
                // IKEv1 negotiates one method for both sides: --auth decides (--remote-auth must agree).
                Authentication = options.LocalAuth == "pubkey" ? AuthenticationClass.PublicKey : AuthenticationClass.SharedKey,
                LocalCertificate = credentials.Local,
                CertificateTrust = credentials.Trust,
            };
            _ikev1 = new Ikev1Engine([_ikev1Connection], SystemRandomSource.Instance, options.Legacy ? TransformRegistry.WithLegacy : null);
        }
        else
        {
            _ikev2Connection = new Ikev2Connection("dotswan-lab", local, remote, IkeIdentity.Parse(options.LocalId), IkeIdentity.Parse(options.RemoteId),
                psk, ike, esp, [localTs], [remoteTs],
                Lifetimes: ikev2Lifetimes)
            {
                // This host's data plane only carries ESP in UDP (the TUN backend has no raw ESP socket): it forces
                // encapsulation like strongSwan's encap=yes unless told otherwise, and then the engine floats to 4500 itself.
                NatTraversal = new NatTraversalSettings(options.ForceEncapsulation, options.KeepaliveInterval),
                Fragmentation = new FragmentationSettings(options.Fragmentation, options.FragmentSize),
                LocalAuthentication = options.LocalAuth == "pubkey" ? AuthenticationClass.PublicKey : AuthenticationClass.SharedKey,
                RemoteAuthentication = options.RemoteAuth == "pubkey" ? AuthenticationClass.PublicKey : AuthenticationClass.SharedKey,
                LocalCertificate = credentials.Local,
                CertificateTrust = credentials.Trust,
            };
            _ikev2 = new Ikev2Engine([_ikev2Connection], SystemRandomSource.Instance, options.Legacy ? TransformRegistry.WithLegacy : null);
        }
    }

    public bool IsIkev1 => _ikev1 is not null;

    public string Connection => _ikev1Connection?.ToString() ?? _ikev2Connection!.ToString();

    public DateTimeOffset? NextDeadline => _ikev1 is not null ? _ikev1.NextDeadline : _ikev2!.NextDeadline;

    public IReadOnlyList<EngineOutput> Initiate(DateTimeOffset now) =>
        _ikev1 is not null ? _ikev1.Initiate(_ikev1Connection!, now) : _ikev2!.Initiate(_ikev2Connection!, now);

    public IReadOnlyList<EngineOutput> Receive(ReadOnlySpan<byte> datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now) =>
        _ikev1 is not null ? _ikev1.Receive(datagram, local, remote, now) : _ikev2!.Receive(datagram, local, remote, now);

    /// <summary>The established IKE (ISAKMP) SAs.</summary>
    public IReadOnlyList<IkeSaId> EstablishedIkeSas() => _ikev1 is not null
        ? [.. _ikev1.IkeSas.Where(id => _ikev1.GetState(id) == IsakmpSaState.Established)]
        : [.. _ikev2!.IkeSas.Where(id => _ikev2.GetState(id) == IkeSaState.Established)];

    /// <summary>The inbound SPIs of an IKE SA's Child SAs (IPsec SA pairs).</summary>
    public IReadOnlyList<uint> ChildSas(IkeSaId id) => _ikev1 is not null ? _ikev1.ChildSas(id) : [.. _ikev2!.GetChildSas(id).Select(c => c.Item1)];

    /// <summary>Rekeys one Child SA (IKEv1: a new Quick Mode).</summary>
    public IReadOnlyList<EngineOutput> RekeyChildSa(IkeSaId id, uint inboundSpi, DateTimeOffset now) =>
        _ikev1 is not null ? _ikev1.RekeyChildSa(inboundSpi, now) : _ikev2!.RekeyChildSa(id, inboundSpi, now);

    /// <summary>
    /// The data plane reports that a Child SA direction reached a soft or hard volume limit (<paramref name="inboundSpi"/>:
    /// our SPI of the pair). IKEv2: the engine rekeys (soft) or deletes (hard) it. IKEv1: soft starts a new Quick Mode;
    /// a hard limit needs nothing here, the SA itself refuses packets past it.
    /// </summary>
    public IReadOnlyList<EngineOutput> ChildSaExpired(uint inboundSpi, bool hard, DateTimeOffset now) =>
        _ikev1 is not null ? (hard ? [] : _ikev1.RekeyChildSa(inboundSpi, now)) : _ikev2!.ChildSaExpired(inboundSpi, hard, now);

    /// <summary>Rekeys the IKE SA (IKEv1: a new phase 1 that takes over the IPsec SAs).</summary>
    public IReadOnlyList<EngineOutput> RekeyIkeSa(IkeSaId id, DateTimeOffset now) =>
        _ikev1 is not null ? _ikev1.Reauthenticate(id, now) : _ikev2!.RekeyIkeSa(id, now);

    /// <summary>Deletes the IKE SA (and its Child SAs), telling the peer.</summary>
    public IReadOnlyList<EngineOutput> Delete(IkeSaId id, DateTimeOffset now) => _ikev1 is not null ? _ikev1.Delete(id, now) : _ikev2!.Delete(id, now);

    public IReadOnlyList<EngineOutput> OnTimer(DateTimeOffset now) => _ikev1 is not null ? _ikev1.OnTimer(now) : _ikev2!.OnTimer(now);

    /// <summary>The counters printed on exit, under the same names for both engines.</summary>
    public IEnumerable<(string Name, long Value)> Counters()
    {
        if (_ikev1 is not null)
        {
            var c = _ikev1.Counters;
            return
            [
                ("malformed", c.Malformed), ("unknownspi", c.UnknownCookie), ("decryptionfailures", c.DecryptionFailures),
                ("unexpectedinstate", c.UnexpectedInState), ("retransmittedrequestsanswered", c.RetransmittedRequestsAnswered),
                ("requestsretransmitted", c.RequestsRetransmitted), ("halfopenrefused", c.HalfOpenRefused),
            ];
        }
        var v2 = _ikev2!.Counters;
        return
        [
            ("fragmentsreceived", v2.FragmentsReceived), ("fragmentsrejected", v2.FragmentsRejected), ("messagesfragmented", v2.MessagesFragmented),
            ("malformed", v2.Malformed), ("unknownspi", v2.UnknownSpi), ("decryptionfailures", v2.DecryptionFailures),
            ("unexpectedinstate", v2.UnexpectedInState), ("retransmittedrequestsanswered", v2.RetransmittedRequestsAnswered),
            ("requestsretransmitted", v2.RequestsRetransmitted), ("rekeycollisions", v2.RekeyCollisions),
            ("temporaryfailuressent", v2.TemporaryFailuresSent),
        ];
    }

    public void Dispose()
    {
        _ikev1?.Dispose();
        _ikev2?.Dispose();
    }
}
