using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// NAT traversal of one IKE SA (RFC 7296 §2.23, RFC 3948): the NAT_DETECTION_* notifies of IKE_SA_INIT, which side
/// is behind a NAT, the float from port 500 to 4500, following the peer when its NAT mapping moves, and the
/// keepalive schedule while we are behind a NAT. Pure state: the IKE SA feeds it and acts on its answers.
/// </summary>
internal sealed class NatTraversalState(NatTraversalSettings settings)
{
    private static readonly IPEndPoint Unmatchable = new(IPAddress.Any, 0);

    /// <summary>The connection's settings.</summary>
    public NatTraversalSettings Settings { get; } = settings;

    /// <summary>Whether the peer sent NAT_DETECTION_* notifies (it supports NAT traversal).</summary>
    public bool PeerSupportsNatTraversal { get; private set; }

    /// <summary>Whether the peer's NAT_DETECTION_DESTINATION_IP did not match our address (we are behind a NAT).</summary>
    public bool LocalBehindNat { get; private set; }

    /// <summary>Whether the peer's NAT_DETECTION_SOURCE_IP matched none of its addresses (it is behind a NAT or fakes one).</summary>
    public bool RemoteBehindNat { get; private set; }

    /// <summary>Whether IKE runs on port 4500 (floated, or IKE_SA_INIT already came in there).</summary>
    public bool Floated { get; private set; }

    /// <summary>Whether ESP is UDP-encapsulated (RFC 3948): a NAT on either side or forced encapsulation, decided by IKE_SA_INIT.</summary>
    public bool Encapsulate { get; private set; }

    /// <summary>When the next NAT-keepalive is due, or null when none are sent.</summary>
    public DateTimeOffset? NextKeepalive { get; private set; }

    /// <summary>Whether IKE_AUTH and everything after it goes to port 4500 (a NAT on either side, or forced, and the peer supports it).</summary>
    public bool ShouldFloat => PeerSupportsNatTraversal && (LocalBehindNat || RemoteBehindNat || Settings.ForceEncapsulation);

    /// <summary>The UDP encapsulation ESP uses between these endpoints, or null for plain ESP.</summary>
    public UdpEncapsulation? Encapsulation(IPEndPoint local, IPEndPoint remote) =>
        Encapsulate ? new UdpEncapsulation((ushort)local.Port, (ushort)remote.Port) : null;

    /// <summary>
    /// The two NAT_DETECTION notifies for a message with these SPIs. With forced encapsulation the source hash is one
    /// that cannot match (strongSwan's encap=yes does the same), so the peer believes we are behind a NAT.
    /// </summary>
    public NotifyPayload[] Notifies(ulong spiI, ulong spiR, IPEndPoint local, IPEndPoint remote) =>
    [
        new(ProtocolId.None, ReadOnlyMemory<byte>.Empty, NotifyType.NatDetectionSourceIp,
            NatDetection.Compute(spiI, spiR, Settings.ForceEncapsulation ? Unmatchable : local)),
        new(ProtocolId.None, ReadOnlyMemory<byte>.Empty, NotifyType.NatDetectionDestinationIp, NatDetection.Compute(spiI, spiR, remote)),
    ];

    /// <summary>Evaluates the peer's NAT_DETECTION notifies of an IKE_SA_INIT message (hashed with <paramref name="spiR"/> as sent).</summary>
    public void Check(IReadOnlyList<Ikev2Payload> payloads, ulong spiI, ulong spiR, IPEndPoint local, IPEndPoint remote, DateTimeOffset now)
    {
        var expectedSource = NatDetection.Compute(spiI, spiR, remote);
        var expectedDestination = NatDetection.Compute(spiI, spiR, local);
        bool anySource = false, sourceMatched = false, anyDestination = false, destinationMatched = false;
        foreach (var payload in payloads)
        {
            if (payload is not NotifyPayload notify) { continue; }
            if (notify.NotifyType == NotifyType.NatDetectionSourceIp)
            {
                anySource = true;
                sourceMatched |= notify.Data.Span.SequenceEqual(expectedSource);
            }
            else if (notify.NotifyType == NotifyType.NatDetectionDestinationIp)
            {
                anyDestination = true;
                destinationMatched |= notify.Data.Span.SequenceEqual(expectedDestination);
            }
        }
        // RFC 7296 §2.23: both notifies or none; a peer sending only one is treated as not supporting NAT traversal.
        PeerSupportsNatTraversal = anySource && anyDestination;
        RemoteBehindNat = anySource && !sourceMatched;
        LocalBehindNat = anyDestination && !destinationMatched;
        Encapsulate = ShouldFloat;
        // An IKE_SA_INIT exchanged on 4500 (strongSwan reauthenticates there) leaves nothing to float.
        if (PeerSupportsNatTraversal && local.Port == SendDatagram.NatTraversalPort) { Floated = true; }
        ScheduleKeepalive(now);
    }

    /// <summary>Moves IKE to the NAT-T port of both endpoints (the initiator does so before IKE_AUTH).</summary>
    public (IPEndPoint Local, IPEndPoint Remote) Float(IPEndPoint local, IPEndPoint remote, DateTimeOffset now)
    {
        Floated = true;
        ScheduleKeepalive(now);
        return (WithPort(local, SendDatagram.NatTraversalPort), WithPort(remote, SendDatagram.NatTraversalPort));
    }

    /// <summary>
    /// After a message was authenticated that came in on <paramref name="receivedOn"/> from <paramref name="receivedFrom"/>
    /// (a new request or the response we waited for, never a retransmission): whether the IKE SA must move to these
    /// endpoints — the responder follows the initiator's float to 4500, and the side not behind a NAT follows the
    /// peer's NAT mapping when it changes (RFC 7296 §2.23). Messages outside NAT traversal never move the SA.
    /// </summary>
    public bool TryFollow(IPEndPoint receivedOn, IPEndPoint receivedFrom, IPEndPoint local, IPEndPoint remote)
    {
        if (receivedOn.Equals(local) && receivedFrom.Equals(remote)) { return false; }
        if (!PeerSupportsNatTraversal || receivedOn.Port != SendDatagram.NatTraversalPort) { return false; }
        if (Floated && !RemoteBehindNat) { return false; }
        Floated = true;
        return true;
    }

    /// <summary>Any datagram we send to the peer refreshes the NAT mapping: the next keepalive waits a full interval.</summary>
    public void NoteSent(DateTimeOffset now)
    {
        if (NextKeepalive is not null) { ScheduleKeepalive(now); }
    }

    /// <summary>Whether a keepalive is due now; if so the next one is scheduled.</summary>
    public bool TakeKeepalive(DateTimeOffset now)
    {
        if (NextKeepalive is not { } due || now < due) { return false; }
        ScheduleKeepalive(now);
        return true;
    }

    /// <summary>
    /// Takes over what <paramref name="previous"/> learned: an IKE SA made by a CREATE_CHILD_SA rekey runs between the
    /// same endpoints as the one it replaces and exchanges no NAT_DETECTION notifies of its own (RFC 7296 §2.23).
    /// </summary>
    public void ContinueFrom(NatTraversalState previous, DateTimeOffset now)
    {
        PeerSupportsNatTraversal = previous.PeerSupportsNatTraversal;
        LocalBehindNat = previous.LocalBehindNat;
        RemoteBehindNat = previous.RemoteBehindNat;
        Floated = previous.Floated;
        Encapsulate = previous.Encapsulate;
        ScheduleKeepalive(now);
    }

    /// <summary>Stops keepalives (the SA is over).</summary>
    public void Stop() => NextKeepalive = null;

    private void ScheduleKeepalive(DateTimeOffset now)
    {
        var interval = Settings.EffectiveKeepaliveInterval;
        NextKeepalive = Encapsulate && LocalBehindNat && interval > TimeSpan.Zero ? now + interval : null;
    }

    private static IPEndPoint WithPort(IPEndPoint endPoint, int port) => endPoint.Port == port ? endPoint : new IPEndPoint(endPoint.Address, port);
}
