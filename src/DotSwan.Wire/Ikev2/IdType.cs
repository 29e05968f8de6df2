namespace DotSwan.Wire.Ikev2;

/// <summary>Identification types of IDi/IDr (IANA "IKEv2 Identification Payload ID Types").</summary>
public enum IdType : byte
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>ID_IPV4_ADDR: a four-byte IPv4 address.</summary>
    Ipv4Address = 1,

    /// <summary>ID_FQDN: a fully qualified domain name.</summary>
    Fqdn = 2,

    /// <summary>ID_RFC822_ADDR: an email address.</summary>
    Rfc822Address = 3,

    /// <summary>ID_IPV6_ADDR: a sixteen-byte IPv6 address.</summary>
    Ipv6Address = 5,

    /// <summary>ID_DER_ASN1_DN: a DER-encoded X.500 distinguished name.</summary>
    DerAsn1Dn = 9,

    /// <summary>ID_DER_ASN1_GN: a DER-encoded X.509 GeneralName.</summary>
    DerAsn1Gn = 10,

    /// <summary>ID_KEY_ID: an opaque octet string.</summary>
    KeyId = 11,

    /// <summary>ID_FC_NAME (RFC 4595).</summary>
    FcName = 12,

    /// <summary>ID_NULL (RFC 7619).</summary>
    Null = 13,
}
