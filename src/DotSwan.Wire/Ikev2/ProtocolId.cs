namespace DotSwan.Wire.Ikev2;

/// <summary>Security protocol identifiers used in proposals, notifies and deletes (IANA "IKEv2 Security Protocol Identifiers").</summary>
public enum ProtocolId : byte
{
    /// <summary>Reserved: used by notifies that carry no SPI.</summary>
    None = 0,

    /// <summary>IKE.</summary>
    Ike = 1,

    /// <summary>Authentication Header.</summary>
    Ah = 2,

    /// <summary>Encapsulating Security Payload.</summary>
    Esp = 3,
}
