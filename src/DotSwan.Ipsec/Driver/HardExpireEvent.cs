using DotSwan.Ipsec.Lifetimes;

namespace DotSwan.Ipsec.Driver;

/// <summary>An SA reached a hard lifetime and the driver deleted it.</summary>
/// <param name="At">When the driver noticed.</param>
/// <param name="Sa">The deleted SA.</param>
/// <param name="ReqId">Its request id.</param>
/// <param name="Trigger">Which limit was reached.</param>
public sealed record HardExpireEvent(DateTimeOffset At, SaId Sa, uint ReqId, SaExpiryTrigger Trigger) : IpsecEvent(At);
