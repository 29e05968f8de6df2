using DotSwan.Ike.Engine;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.Ikev2;

/// <summary>One ESP Child SA as its IKE SA sees it: the SPI pair, what was negotiated, its state and its timers.</summary>
internal sealed class ChildSa(uint inboundSpi, uint outboundSpi, CryptoSuite suite, IReadOnlyList<TrafficSelector> local,
    IReadOnlyList<TrafficSelector> remote, ChildSaMode mode)
{
    /// <summary>Our SPI (what the peer sends to).</summary>
    public uint InboundSpi { get; } = inboundSpi;

    /// <summary>The peer's SPI (what we send to).</summary>
    public uint OutboundSpi { get; } = outboundSpi;

    public CryptoSuite Suite { get; } = suite;

    public IReadOnlyList<TrafficSelector> Local { get; } = local;

    public IReadOnlyList<TrafficSelector> Remote { get; } = remote;

    public ChildSaMode Mode { get; } = mode;

    public ChildSaState State { get; set; } = ChildSaState.Installed;

    /// <summary>The configured child it was negotiated for: its rekeys offer that child's proposals.</summary>
    public Ikev2ChildConfig? Config { get; set; }

    /// <summary>When we start rekeying it (soft lifetime); <see cref="DateTimeOffset.MaxValue"/> for never.</summary>
    public DateTimeOffset RekeyAt { get; set; } = DateTimeOffset.MaxValue;

    /// <summary>When it expires (hard lifetime) and is deleted whatever else happens.</summary>
    public DateTimeOffset ExpireAt { get; set; } = DateTimeOffset.MaxValue;

    /// <summary>The peer's rekey of this SA that we answered while our own rekey of it was outstanding (RFC 7296 §2.8.1).</summary>
    public RekeyCollision? Collision { get; set; }

    /// <summary>TEMPORARY_FAILURE answers in a row to our rekeys of it.</summary>
    public int TemporaryFailures { get; set; }

    public override string ToString() => $"{InboundSpi:x8}_i {OutboundSpi:x8}_o";
}
