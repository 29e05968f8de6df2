namespace DotSwan.Wire.Ikev1;

/// <summary>Types of the Attribute payload of Mode Config (draft-dukes-ike-mode-cfg §3.2).</summary>
public enum ModeConfigType : byte
{
    /// <summary>Reserved.</summary>
    Reserved = 0,

    /// <summary>ISAKMP_CFG_REQUEST.</summary>
    Request = 1,

    /// <summary>ISAKMP_CFG_REPLY.</summary>
    Reply = 2,

    /// <summary>ISAKMP_CFG_SET.</summary>
    Set = 3,

    /// <summary>ISAKMP_CFG_ACK.</summary>
    Ack = 4,
}
