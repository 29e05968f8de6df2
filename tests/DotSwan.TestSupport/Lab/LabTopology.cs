using System.Net;

namespace DotSwan.TestSupport.Lab;

/// <summary>
/// Addresses of the two-namespace lab. Outer (IKE/ESP) addresses must be in the documentation ranges
/// 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24 (IPv6: 2001:db8::/32) and inner (tunnel) addresses in 10.0.0.0/8 (IPv6:
/// fd00::/8), so lab traffic can
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
        bool ipv6 = OuterA.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        foreach (var outer in new[] { OuterA, OuterB })
        {
            var b = outer.GetAddressBytes();
            bool documentation = b.Length == 4 && ((b[0], b[1], b[2]) is (192, 0, 2) or (198, 51, 100) or (203, 0, 113));
            // IPv6: the documentation prefix 2001:db8::/32 (RFC 3849).
            bool documentation6 = b.Length == 16 && (b[0], b[1], b[2], b[3]) is (0x20, 0x01, 0x0d, 0xb8);
            if (!(ipv6 ? documentation6 : documentation)) { throw new ArgumentException($"outer address {outer} is not in 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24 (IPv6: 2001:db8::/32), or the families differ"); }
        }
        if (ipv6 ? OuterPrefixLength is < 64 or > 126 : OuterPrefixLength is < 24 or > 30) { throw new ArgumentException($"outer prefix /{OuterPrefixLength} would reach past a documentation prefix"); }
        foreach (var inner in new[] { InnerA, InnerB })
        {
            var b = inner.GetAddressBytes();
            // Private inner addresses: 10.0.0.0/8, or IPv6 unique local fd00::/8.
            if (!((b.Length == 4 && b[0] == 10) || (b.Length == 16 && b[0] == 0xfd))) { throw new ArgumentException($"inner address {inner} is not in 10.0.0.0/8 or fd00::/8"); }
        }
        foreach (var selector in new[] { TrafficSelectorA, TrafficSelectorB })
        {
            if (!selector.StartsWith("10.", StringComparison.Ordinal) && !selector.StartsWith("fd", StringComparison.OrdinalIgnoreCase)) { throw new ArgumentException($"traffic selector {selector} is not in 10.0.0.0/8 or fd00::/8"); }
        }
    }

    /// <summary>
    /// IPv6 outer and inner addresses: 2001:db8::1 and ::2 (/64) on the veths, fd00:1::1 and fd00:2::1 inside, selectors
    /// fd00:1::/64 and fd00:2::/64.
    /// </summary>
    public static LabTopology Ipv6 { get; } = new()
    {
        OuterA = IPAddress.Parse("2001:db8::1"),
        OuterB = IPAddress.Parse("2001:db8::2"),
        OuterPrefixLength = 64,
        InnerA = IPAddress.Parse("fd00:1::1"),
        InnerB = IPAddress.Parse("fd00:2::1"),
        TrafficSelectorA = "fd00:1::/64",
        TrafficSelectorB = "fd00:2::/64",
    };
}
