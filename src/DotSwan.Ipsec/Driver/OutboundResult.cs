namespace DotSwan.Ipsec.Driver;

/// <summary>The outcome of processing one outbound packet.</summary>
/// <param name="Action">Protected, bypass, queued or dropped.</param>
/// <param name="Written">With <see cref="OutboundAction.Protected"/>: the length of the outer packet written.</param>
/// <param name="Reason">With <see cref="OutboundAction.Dropped"/>: why.</param>
public readonly record struct OutboundResult(OutboundAction Action, int Written = 0, DropReason Reason = DropReason.None);
