namespace DotSwan.Wire.Ikev2;

/// <summary>Traffic selector types (IANA "IKEv2 Traffic Selector Types").</summary>
public enum TrafficSelectorType : byte
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>TS_IPV4_ADDR_RANGE: 16-byte selector.</summary>
    Ipv4AddressRange = 7,

    /// <summary>TS_IPV6_ADDR_RANGE: 40-byte selector.</summary>
    Ipv6AddressRange = 8,
}
