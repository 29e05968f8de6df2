namespace DotSwan.Ike.Identities;

/// <summary>Identity types, numbered as IKEv2 ID types (RFC 7296 §3.5), which IKEv1 (RFC 2407 §4.6.2.1) shares.</summary>
public enum IkeIdentityType : byte
{
    /// <summary>strongSwan's <c>%any</c>: a configuration wildcard, never sent on the wire.</summary>
    Any = 0,

    /// <summary>ID_IPV4_ADDR: four octets.</summary>
    Ipv4Address = 1,

    /// <summary>ID_FQDN: a domain name without terminator.</summary>
    Fqdn = 2,

    /// <summary>ID_RFC822_ADDR (IKEv1 ID_USER_FQDN): an e-mail address.</summary>
    Rfc822Address = 3,

    /// <summary>ID_IPV6_ADDR: sixteen octets.</summary>
    Ipv6Address = 5,

    /// <summary>ID_DER_ASN1_DN: the DER encoding of an X.500 Name.</summary>
    DerAsn1Dn = 9,

    /// <summary>ID_KEY_ID: opaque octets.</summary>
    KeyId = 11,
}
