namespace DotSwan.Wire.Ikev1;

/// <summary>IPsec DOI encapsulation modes (RFC 2407 §4.5, RFC 3947 and the NAT-T draft values).</summary>
public enum EncapsulationMode : ushort
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>Tunnel mode.</summary>
    Tunnel = 1,

    /// <summary>Transport mode.</summary>
    Transport = 2,

    /// <summary>UDP-Encapsulated-Tunnel (RFC 3947).</summary>
    UdpEncapsulatedTunnel = 3,

    /// <summary>UDP-Encapsulated-Transport (RFC 3947).</summary>
    UdpEncapsulatedTransport = 4,

    /// <summary>UDP-Encapsulated-Tunnel in the NAT-T drafts.</summary>
    UdpEncapsulatedTunnelDraft = 61443,

    /// <summary>UDP-Encapsulated-Transport in the NAT-T drafts.</summary>
    UdpEncapsulatedTransportDraft = 61444,
}
