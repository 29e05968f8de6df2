using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using DotSwan.Ipsec.Encapsulation;

namespace DotSwan.Ipsec.Transport;

/// <summary>
/// Sorts datagrams received on the NAT-T port (RFC 3948 §2): ESP goes on to inbound processing, IKE messages (behind the
/// non-ESP marker) are queued for the IKE engine, NAT-keepalives are counted and ignored, anything else is counted and
/// dropped. The IKE queue is bounded; overflow is counted. Never throws on datagram bytes.
/// </summary>
public sealed class NatTraversalDemultiplexer
{
    /// <summary>How many IKE messages wait at most before further ones are dropped.</summary>
    public const int IkeQueueLimit = 256;

    private readonly ConcurrentQueue<IkeDatagram> _ike = new();
    private long _esp;
    private long _ikeMessages;
    private long _ikeDropped;
    private long _keepalives;
    private long _invalid;

    /// <summary>ESP packets handed on.</summary>
    public long EspPackets => Interlocked.Read(ref _esp);

    /// <summary>IKE messages queued.</summary>
    public long IkeMessages => Interlocked.Read(ref _ikeMessages);

    /// <summary>IKE messages dropped because the queue was full.</summary>
    public long IkeDropped => Interlocked.Read(ref _ikeDropped);

    /// <summary>NAT-keepalives (0xFF) seen and ignored.</summary>
    public long NatKeepalives => Interlocked.Read(ref _keepalives);

    /// <summary>Datagrams that were none of these (too short, a lone byte other than 0xFF).</summary>
    public long Invalid => Interlocked.Read(ref _invalid);

    /// <summary>
    /// Classifies <paramref name="datagram"/> from <paramref name="from"/> and acts on everything but ESP; the caller
    /// processes the datagram itself when <see cref="UdpPayloadKind.Esp"/> is returned.
    /// </summary>
    public UdpPayloadKind Dispatch(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        ArgumentNullException.ThrowIfNull(from);
        var kind = UdpEncapsulation.Classify(datagram);
        switch (kind)
        {
            case UdpPayloadKind.Esp:
                Interlocked.Increment(ref _esp);
                break;
            case UdpPayloadKind.Ike:
                EnqueueIke(datagram[UdpEncapsulation.NonEspMarkerLength..], from);
                break;
            case UdpPayloadKind.NatKeepalive:
                Interlocked.Increment(ref _keepalives);
                break;
            default:
                Interlocked.Increment(ref _invalid);
                break;
        }

        return kind;
    }

    /// <summary>Takes the oldest queued IKE message, if any.</summary>
    public bool TryDequeueIke(out IkeDatagram? datagram) => _ike.TryDequeue(out datagram);

    /// <inheritdoc />
    public override string ToString()
        => $"ESP {EspPackets}, IKE {IkeMessages} (dropped {IkeDropped}), keepalives {NatKeepalives}, invalid {Invalid}";

    private void EnqueueIke(ReadOnlySpan<byte> message, SocketAddress from)
    {
        if (_ike.Count >= IkeQueueLimit)
        {
            Interlocked.Increment(ref _ikeDropped);
            return;
        }

        // IKE is not the hot path: a copy and an endpoint object per message are fine.
        var family = from.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        var endPoint = (IPEndPoint)new IPEndPoint(family, 0).Create(from);
        _ike.Enqueue(new IkeDatagram(message.ToArray(), endPoint));
        Interlocked.Increment(ref _ikeMessages);
    }
}
