using System.Net;

namespace DotSwan.Ike.Engine;

/// <summary>
/// Send <paramref name="Datagram"/> (an IKE message, without any non-ESP marker) from <paramref name="Local"/> to
/// <paramref name="Remote"/>; both carry the UDP ports to use (500, or 4500 once NAT traversal floated the IKE SA).
/// </summary>
/// <param name="Local">Our address and port: the socket to send from.</param>
/// <param name="Remote">The peer's address and port.</param>
/// <param name="Datagram">The IKE message.</param>
/// <param name="NonEspMarker">
/// Whether the socket layer must put the four-zero-byte non-ESP marker in front of the message (RFC 3948 §2.2,
/// RFC 7296 §2.23): true for every IKE message on the NAT-T port.
/// </param>
public sealed record SendDatagram(IPEndPoint Local, IPEndPoint Remote, ReadOnlyMemory<byte> Datagram, bool NonEspMarker) : EngineOutput
{
    /// <summary>The IKE NAT traversal port (RFC 3948); IKE messages sent from or to it carry the non-ESP marker.</summary>
    public const int NatTraversalPort = 4500;

    /// <summary>A datagram whose marker follows from the ports: IKE on the NAT-T port gets the non-ESP marker.</summary>
    public SendDatagram(IPEndPoint Local, IPEndPoint Remote, ReadOnlyMemory<byte> Datagram)
        : this(Local, Remote, Datagram, Local?.Port == NatTraversalPort || Remote?.Port == NatTraversalPort)
    {
    }
}
