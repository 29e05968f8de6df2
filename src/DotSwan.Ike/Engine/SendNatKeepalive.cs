using System.Net;

namespace DotSwan.Ike.Engine;

/// <summary>
/// Send a NAT-keepalive (a UDP datagram holding the single byte 0xFF, RFC 3948 §2.3) from <paramref name="Local"/> to
/// <paramref name="Remote"/>, so that the NAT in front of us keeps the UDP 4500 mapping the IKE and ESP traffic use.
/// </summary>
/// <param name="IkeSa">The IKE SA whose mapping is kept alive.</param>
/// <param name="Local">Our NAT-T endpoint.</param>
/// <param name="Remote">The peer's NAT-T endpoint.</param>
public sealed record SendNatKeepalive(IkeSaId IkeSa, IPEndPoint Local, IPEndPoint Remote) : EngineOutput
{
    /// <summary>The keepalive's one byte.</summary>
    public const byte Payload = 0xFF;
}
