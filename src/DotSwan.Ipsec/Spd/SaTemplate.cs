using System.Net;

namespace DotSwan.Ipsec.Spd;

/// <summary>
/// What a Protect policy asks of its SA (the kernel's xfrm template): the request id that links the policy to its
/// outbound SA and its inbound SAs, the mode, the outer (tunnel endpoint) addresses and UDP encapsulation.
/// </summary>
/// <param name="ReqId">The request id: SAs installed with it serve this policy.</param>
/// <param name="Mode">Tunnel or transport.</param>
/// <param name="LocalOuter">This host's outer address (null in transport mode: the packet's own).</param>
/// <param name="RemoteOuter">The peer's outer address (null in transport mode).</param>
/// <param name="UdpEncapsulation">UDP encapsulation ports when NAT traversal is in use.</param>
public sealed record SaTemplate(uint ReqId, IpsecMode Mode = IpsecMode.Tunnel, IPAddress? LocalOuter = null, IPAddress? RemoteOuter = null,
    UdpEncapsulationPorts? UdpEncapsulation = null);
