namespace DotSwan.Wire.Ikev1;

/// <summary>Attribute types of the Attribute payload: Mode Config (draft-dukes-ike-mode-cfg §3.3) and XAUTH (draft-beaulieu-ike-xauth §6).</summary>
public enum ModeConfigAttributeType : ushort
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

    /// <summary>INTERNAL_ADDRESS_EXPIRY.</summary>
    InternalAddressExpiry = 5,

    /// <summary>INTERNAL_IP4_DHCP.</summary>
    InternalIp4Dhcp = 6,

    /// <summary>APPLICATION_VERSION.</summary>
    ApplicationVersion = 7,

    /// <summary>INTERNAL_IP6_ADDRESS.</summary>
    InternalIp6Address = 8,

    /// <summary>INTERNAL_IP6_NETMASK.</summary>
    InternalIp6Netmask = 9,

    /// <summary>INTERNAL_IP6_DNS.</summary>
    InternalIp6Dns = 10,

    /// <summary>INTERNAL_IP6_NBNS.</summary>
    InternalIp6Nbns = 11,

    /// <summary>INTERNAL_IP6_DHCP.</summary>
    InternalIp6Dhcp = 12,

    /// <summary>INTERNAL_IP4_SUBNET.</summary>
    InternalIp4Subnet = 13,

    /// <summary>SUPPORTED_ATTRIBUTES.</summary>
    SupportedAttributes = 14,

    /// <summary>INTERNAL_IP6_SUBNET.</summary>
    InternalIp6Subnet = 15,

    /// <summary>XAUTH-TYPE (draft-beaulieu-ike-xauth).</summary>
    XauthType = 16520,

    /// <summary>XAUTH-USER-NAME.</summary>
    XauthUserName = 16521,

    /// <summary>XAUTH-USER-PASSWORD.</summary>
    XauthUserPassword = 16522,

    /// <summary>XAUTH-PASSCODE.</summary>
    XauthPasscode = 16523,

    /// <summary>XAUTH-MESSAGE.</summary>
    XauthMessage = 16524,

    /// <summary>XAUTH-CHALLENGE.</summary>
    XauthChallenge = 16525,

    /// <summary>XAUTH-DOMAIN.</summary>
    XauthDomain = 16526,

    /// <summary>XAUTH-STATUS.</summary>
    XauthStatus = 16527,

    /// <summary>XAUTH-NEXT-PIN.</summary>
    XauthNextPin = 16528,

    /// <summary>XAUTH-ANSWER.</summary>
    XauthAnswer = 16529,
}
