namespace DotSwan.Wire.Ikev1;

/// <summary>ISAKMP exchange types (RFC 2408 §3.1, RFC 2409, draft-dukes-ike-mode-cfg).</summary>
public enum IsakmpExchangeType : byte
{
    /// <summary>No exchange (reserved).</summary>
    None = 0,

    /// <summary>Base exchange (RFC 2408 §4.4).</summary>
    Base = 1,

    /// <summary>Identity Protection exchange: IKE Main Mode (RFC 2409 §5).</summary>
    IdentityProtection = 2,

    /// <summary>Authentication Only exchange (RFC 2408 §4.6).</summary>
    AuthenticationOnly = 3,

    /// <summary>Aggressive exchange: IKE Aggressive Mode (RFC 2409 §5).</summary>
    Aggressive = 4,

    /// <summary>Informational exchange (RFC 2408 §4.8).</summary>
    Informational = 5,

    /// <summary>Transaction exchange used by Mode Config and XAUTH (draft-dukes-ike-mode-cfg).</summary>
    Transaction = 6,

    /// <summary>IKE Quick Mode (RFC 2409 §5.5).</summary>
    QuickMode = 32,

    /// <summary>IKE New Group Mode (RFC 2409 §5.6).</summary>
    NewGroupMode = 33,
}
