namespace DotSwan.Wire.Ikev1;

/// <summary>Identification types of the IPsec DOI (RFC 2407 §4.6.2.1).</summary>
public enum IpsecDoiIdType : byte
{
    /// <summary>Reserved.</summary>
    Reserved = 0,

    /// <summary>ID_IPV4_ADDR: four octets.</summary>
    Ipv4Address = 1,

    /// <summary>ID_FQDN: a domain name.</summary>
    Fqdn = 2,

    /// <summary>ID_USER_FQDN: user@domain.</summary>
    UserFqdn = 3,

    /// <summary>ID_IPV4_ADDR_SUBNET: address and mask, eight octets.</summary>
    Ipv4AddressSubnet = 4,

    /// <summary>ID_IPV6_ADDR: sixteen octets.</summary>
    Ipv6Address = 5,

    /// <summary>ID_IPV6_ADDR_SUBNET: address and mask, 32 octets.</summary>
    Ipv6AddressSubnet = 6,

    /// <summary>ID_IPV4_ADDR_RANGE: first and last address, eight octets.</summary>
    Ipv4AddressRange = 7,

    /// <summary>ID_IPV6_ADDR_RANGE: first and last address, 32 octets.</summary>
    Ipv6AddressRange = 8,

    /// <summary>ID_DER_ASN1_DN: a DER distinguished name.</summary>
    DerAsn1Dn = 9,

    /// <summary>ID_DER_ASN1_GN: a DER general name.</summary>
    DerAsn1Gn = 10,

    /// <summary>ID_KEY_ID: opaque bytes.</summary>
    KeyId = 11,
}
