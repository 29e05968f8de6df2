using System.Net;

namespace DotSwan.TestSupport.Lab;

/// <summary>
/// Addresses of the two-namespace lab. Outer (IKE/ESP) addresses must be in the documentation ranges
/// 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24 and inner (tunnel) addresses in 10.0.0.0/8, so lab traffic can
/// never be routed anywhere real; the constructor of <see cref="NetworkNamespacePair"/> enforces it.
/// </summary>
public sealed record LabTopology
{
    /// <summary>The default plan: 192.0.2.1/24 ↔ 192.0.2.2/24, inner 10.1.0.1 ↔ 10.2.0.1, selectors 10.1.0.0/24 ↔ 10.2.0.0/24.</summary>
    public static LabTopology Default { get; } = new();

    /// <summary>Side A's veth address.</summary>
    public IPAddress OuterA { get; init; } = IPAddress.Parse("192.0.2.1");

    /// <summary>Side B's veth address.</summary>
    public IPAddress OuterB { get; init; } = IPAddress.Parse("192.0.2.2");

    /// <summary>Prefix length of the veth subnet.</summary>
    public int OuterPrefixLength { get; init; } = 24;

    /// <summary>Side A's inner (tunnel) address, a /32 on lo.</summary>
    public IPAddress InnerA { get; init; } = IPAddress.Parse("10.1.0.1");

    /// <summary>Side B's inner (tunnel) address, a /32 on lo.</summary>
    public IPAddress InnerB { get; init; } = IPAddress.Parse("10.2.0.1");

    /// <summary>Side A's traffic selector (its protected subnet).</summary>
    public string TrafficSelectorA { get; init; } = "10.1.0.0/24";

    /// <summary>Side B's traffic selector (its protected subnet).</summary>
    public string TrafficSelectorB { get; init; } = "10.2.0.0/24";

    /// <summary>Name of side A's end of the veth pair (inside namespace A).</summary>
    public string InterfaceA { get; init; } = "vethA";

    /// <summary>Name of side B's end of the veth pair (inside namespace B).</summary>
    public string InterfaceB { get; init; } = "vethB";

    /// <summary>Throws <see cref="ArgumentException"/> when an address leaves the allowed ranges.</summary>
    public void Validate()
    {
        foreach (var outer in new[] { OuterA, OuterB })
        {
            var b = outer.GetAddressBytes();
            bool documentation = b.Length == 4 && ((b[0], b[1], b[2]) is (192, 0, 2) or (198, 51, 100) or (203, 0, 113));
            if (!documentation) { throw new ArgumentException($"outer address {outer} is not in 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24"); }
        }
        if (OuterPrefixLength is < 24 or > 30) { throw new ArgumentException($"outer prefix /{OuterPrefixLength} would reach past a documentation /24"); }
        foreach (var inner in new[] { InnerA, InnerB })
        {
            var b = inner.GetAddressBytes();
            if (b.Length != 4 || b[0] != 10) { throw new ArgumentException($"inner address {inner} is not in 10.0.0.0/8"); }
        }
        foreach (var selector in new[] { TrafficSelectorA, TrafficSelectorB })
        {
            if (!selector.StartsWith("10.", StringComparison.Ordinal)) { throw new ArgumentException($"traffic selector {selector} is not in 10.0.0.0/8"); }
        }
    }
}
