using DotSwan.Ipsec.Lifetimes;

namespace DotSwan.Ipsec.Driver;

/// <summary>An SA reached a soft lifetime: rekey its Child SA. The SA still passes traffic.</summary>
/// <param name="At">When the driver noticed.</param>
/// <param name="Sa">The SA.</param>
/// <param name="ReqId">Its request id.</param>
/// <param name="Trigger">Which limit was reached.</param>
public sealed record SoftExpireEvent(DateTimeOffset At, SaId Sa, uint ReqId, SaExpiryTrigger Trigger) : IpsecEvent(At);
