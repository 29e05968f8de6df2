using DotSwan.Ike.Engine;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.Ikev1;

/// <summary>An installed IPsec SA pair from one Quick Mode, with the lifetimes that retire it.</summary>
internal sealed class Ikev1ChildSa
{
    public required uint InboundSpi { get; init; }

    public required uint OutboundSpi { get; init; }

    /// <summary>True when we ran the Quick Mode as initiator: we rekey it by time.</summary>
    public required bool IsQuickModeInitiator { get; init; }

    public required DateTimeOffset EstablishedAt { get; init; }

    public required TimeSpan Lifetime { get; init; }

    /// <summary>Negotiated byte cap in kilobytes; 0 for none.</summary>
    public required ulong LifeKilobytes { get; init; }

    public required IReadOnlyList<TrafficSelector> LocalTrafficSelectors { get; init; }

    public required IReadOnlyList<TrafficSelector> RemoteTrafficSelectors { get; init; }

    public required ChildSaMode Mode { get; init; }

    /// <summary>ESP (default) or AH: the protocol of the Delete payload that retires the pair.</summary>
    public Wire.Ikev1.IpsecProtocolId Protocol { get; init; } = Wire.Ikev1.IpsecProtocolId.Esp;

    /// <summary>Bytes reported by the data plane (<see cref="Ikev1Engine.ReportChildSaBytes"/>).</summary>
    public ulong Bytes { get; set; }

    /// <summary>A rekeying Quick Mode was started (or queued) for this pair.</summary>
    public bool RekeyStarted { get; set; }

    public DateTimeOffset HardExpiry => EstablishedAt + Lifetime;

    public DateTimeOffset SoftExpiry => EstablishedAt + (Lifetime * Ikev1KeyProtection.RekeyFraction);

    public bool OverSoftBytes => LifeKilobytes > 0 && Bytes >= (ulong)(LifeKilobytes * 1024 * Ikev1KeyProtection.RekeyFraction);

    public bool OverHardBytes => LifeKilobytes > 0 && Bytes >= LifeKilobytes * 1024;

    public DateTimeOffset? Deadline(bool rekeys) => rekeys && !RekeyStarted ? SoftExpiry : HardExpiry;
}
