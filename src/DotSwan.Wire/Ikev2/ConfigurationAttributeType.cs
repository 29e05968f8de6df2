namespace DotSwan.Wire.Ikev2;

/// <summary>Configuration attribute types (IANA "IKEv2 Configuration Payload Attribute Types").</summary>
public enum ConfigurationAttributeType : ushort
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>INTERNAL_IP4_ADDRESS.</summary>
    InternalIp4Address = 1,

    /// <summary>INTERNAL_IP4_NETMASK.</summary>
    InternalIp4Netmask = 2,

    /// <summary>INTERNAL_IP4_DNS.</summary>
    InternalIp4Dns = 3,

    /// <summary>INTERNAL_IP4_NBNS.</summary>
    InternalIp4Nbns = 4,

    /// <summary>INTERNAL_IP4_DHCP.</summary>
    InternalIp4Dhcp = 6,

    /// <summary>APPLICATION_VERSION.</summary>
    ApplicationVersion = 7,

    /// <summary>INTERNAL_IP6_ADDRESS.</summary>
    InternalIp6Address = 8,

    /// <summary>INTERNAL_IP6_DNS.</summary>
    InternalIp6Dns = 10,

    /// <summary>INTERNAL_IP6_DHCP.</summary>
    InternalIp6Dhcp = 12,

    /// <summary>INTERNAL_IP4_SUBNET.</summary>
    InternalIp4Subnet = 13,

    /// <summary>SUPPORTED_ATTRIBUTES.</summary>
    SupportedAttributes = 14,

    /// <summary>INTERNAL_IP6_SUBNET.</summary>
    InternalIp6Subnet = 15,

    /// <summary>MIP6_HOME_PREFIX (RFC 5026).</summary>
    Mip6HomePrefix = 16,

    /// <summary>INTERNAL_IP6_LINK (RFC 5739).</summary>
    InternalIp6Link = 17,

    /// <summary>INTERNAL_IP6_PREFIX (RFC 5739).</summary>
    InternalIp6Prefix = 18,

    /// <summary>HOME_AGENT_ADDRESS (RFC 5026).</summary>
    HomeAgentAddress = 19,

    /// <summary>P_CSCF_IP4_ADDRESS (RFC 7651).</summary>
    PCscfIp4Address = 20,

    /// <summary>P_CSCF_IP6_ADDRESS (RFC 7651).</summary>
    PCscfIp6Address = 21,

    /// <summary>FTT_KAT (RFC 8598 predecessor).</summary>
    FttKat = 22,

    /// <summary>EXTERNAL_SOURCE_IP4_NAT_INFO.</summary>
    ExternalSourceIp4NatInfo = 23,

    /// <summary>TIMEOUT_PERIOD_FOR_LIVENESS_CHECK.</summary>
    TimeoutPeriodForLivenessCheck = 24,

    /// <summary>INTERNAL_DNS_DOMAIN (RFC 8598).</summary>
    InternalDnsDomain = 25,

    /// <summary>INTERNAL_DNSSEC_TA (RFC 8598).</summary>
    InternalDnssecTrustAnchor = 26,
}
