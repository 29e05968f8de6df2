namespace DotSwan.Ike.Engine;

/// <summary>UDP encapsulation of ESP (RFC 3948) for a Child SA: the ports of the outer UDP header we send.</summary>
/// <param name="LocalPort">Our port (4500).</param>
/// <param name="RemotePort">The peer's port as we see it (4500, or what its NAT mapped it to).</param>
public sealed record UdpEncapsulation(ushort LocalPort, ushort RemotePort);
