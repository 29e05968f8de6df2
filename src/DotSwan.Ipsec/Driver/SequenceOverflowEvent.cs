namespace DotSwan.Ipsec.Driver;

/// <summary>An outbound SA ran out of sequence numbers (RFC 4303 §3.3.3) and refuses packets: rekey at once. Raised once per SA.</summary>
/// <param name="At">When the refused packet was seen.</param>
/// <param name="Sa">The SA.</param>
/// <param name="ReqId">Its request id.</param>
public sealed record SequenceOverflowEvent(DateTimeOffset At, SaId Sa, uint ReqId) : IpsecEvent(At);
