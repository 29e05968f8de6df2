namespace DotSwan.Ipsec;

/// <summary>The IPsec security protocol of an SA, by its IP protocol number.</summary>
public enum IpsecProtocol : byte
{
    /// <summary>Encapsulating Security Payload (RFC 4303), IP protocol 50.</summary>
    Esp = 50,
    /// <summary>Authentication Header (RFC 4302), IP protocol 51: integrity only, over the IP header too.</summary>
    Ah = 51,
}
