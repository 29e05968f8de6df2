using DotSwan.Crypto;
using DotSwan.Ipsec.Spd;

namespace DotSwan.Ipsec.Backends.Memory;

/// <summary>Tunables of <see cref="MemoryIpsecDriver"/>; the defaults follow the Linux kernel and strongSwan.</summary>
public sealed record MemoryIpsecDriverOptions
{
    /// <summary>At most one acquire per policy in this interval (the kernel's acquire expiry is 30 s).</summary>
    public TimeSpan AcquireInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a packet waits for its SA before it is dropped.</summary>
    public TimeSpan QueuedPacketLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Packets held per policy while an acquire is pending; beyond it the oldest is dropped.</summary>
    public int QueueLimitPackets { get; init; } = 32;

    /// <summary>Bytes held per policy while an acquire is pending; beyond it the oldest packets are dropped.</summary>
    public int QueueLimitBytes { get; init; } = 64 * 1024;

    /// <summary>What happens to traffic no policy matches (the kernel lets it pass).</summary>
    public PolicyAction DefaultAction { get; init; } = PolicyAction.Bypass;

    /// <summary>The transform registry SAs are keyed with.</summary>
    public TransformRegistry Registry { get; init; } = TransformRegistry.Default;
}
