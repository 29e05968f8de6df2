namespace DotSwan.Wire.Ikev2;

/// <summary>IKEv2 exchange types (IANA "IKEv2 Exchange Types").</summary>
public enum Ikev2ExchangeType : byte
{
    /// <summary>Not set (reserved value).</summary>
    None = 0,

    /// <summary>IKE_SA_INIT (RFC 7296).</summary>
    IkeSaInit = 34,

    /// <summary>IKE_AUTH (RFC 7296).</summary>
    IkeAuth = 35,

    /// <summary>CREATE_CHILD_SA (RFC 7296).</summary>
    CreateChildSa = 36,

    /// <summary>INFORMATIONAL (RFC 7296).</summary>
    Informational = 37,

    /// <summary>IKE_SESSION_RESUME (RFC 5723).</summary>
    IkeSessionResume = 38,

    /// <summary>IKE_INTERMEDIATE (RFC 9242).</summary>
    IkeIntermediate = 43,

    /// <summary>IKE_FOLLOWUP_KE (RFC 9370).</summary>
    IkeFollowupKe = 44,
}
