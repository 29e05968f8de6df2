namespace DotSwan.Ipsec;

/// <summary>The UDP ports of ESP-in-UDP encapsulation (RFC 3948), normally 4500 on both ends unless a NAT maps them.</summary>
/// <param name="SourcePort">The UDP source port of packets this SA sends or receives.</param>
/// <param name="DestinationPort">The UDP destination port.</param>
public readonly record struct UdpEncapsulationPorts(ushort SourcePort, ushort DestinationPort)
{
    /// <summary>The IANA NAT-T port, 4500.</summary>
    public const ushort NatTraversalPort = 4500;

    /// <summary>4500 → 4500, as strongSwan sends when it floats to NAT-T.</summary>
    public static UdpEncapsulationPorts Default => new(NatTraversalPort, NatTraversalPort);
}
