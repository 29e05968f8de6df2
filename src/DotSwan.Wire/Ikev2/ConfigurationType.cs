namespace DotSwan.Wire.Ikev2;

/// <summary>Configuration payload types (IANA "IKEv2 Configuration Payload CFG Types").</summary>
public enum ConfigurationType : byte
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>CFG_REQUEST.</summary>
    Request = 1,

    /// <summary>CFG_REPLY.</summary>
    Reply = 2,

    /// <summary>CFG_SET.</summary>
    Set = 3,

    /// <summary>CFG_ACK.</summary>
    Acknowledge = 4,
}
