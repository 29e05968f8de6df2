namespace DotSwan.Wire.Ikev1;

/// <summary>Security protocol identifiers of the IPsec DOI (RFC 2407 §4.4.1), used in proposals, notifies and deletes.</summary>
public enum IpsecProtocolId : byte
{
    /// <summary>Reserved (also used when a notify carries no protocol).</summary>
    Reserved = 0,

    /// <summary>PROTO_ISAKMP: the phase 1 SA.</summary>
    Isakmp = 1,

    /// <summary>PROTO_IPSEC_AH.</summary>
    Ah = 2,

    /// <summary>PROTO_IPSEC_ESP.</summary>
    Esp = 3,

    /// <summary>PROTO_IPCOMP.</summary>
    Ipcomp = 4,
}
