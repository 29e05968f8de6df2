using DotSwan.Ipsec.Spd;

namespace DotSwan.Ipsec.Driver;

/// <summary>Outbound traffic matched a Protect policy that has no outbound SA: the IKE side should negotiate one.</summary>
/// <param name="At">When the packet was seen.</param>
/// <param name="PolicyId">The policy that matched.</param>
/// <param name="ReqId">The request id of the policy's template.</param>
/// <param name="Packet">The triggering packet's selector (to narrow traffic selectors, RFC 7296 §2.9).</param>
public sealed record AcquireEvent(DateTimeOffset At, uint PolicyId, uint ReqId, PacketSelector Packet) : IpsecEvent(At);
