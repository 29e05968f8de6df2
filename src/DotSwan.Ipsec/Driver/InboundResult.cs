namespace DotSwan.Ipsec.Driver;

/// <summary>The outcome of processing one inbound packet.</summary>
/// <param name="Action">Delivered, bypass, control or dropped.</param>
/// <param name="Packet">Where the packet to deliver lies in the buffer (the inner IP packet after decapsulation).</param>
/// <param name="Reason">With <see cref="InboundAction.Dropped"/>: why.</param>
public readonly record struct InboundResult(InboundAction Action, Range Packet = default, DropReason Reason = DropReason.None);
