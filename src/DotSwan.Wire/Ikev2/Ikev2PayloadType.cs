namespace DotSwan.Wire.Ikev2;

/// <summary>IKEv2 payload types (IANA "IKEv2 Payload Types").</summary>
public enum Ikev2PayloadType : byte
{
    /// <summary>No Next Payload: ends a payload chain.</summary>
    None = 0,

    /// <summary>Security Association (SA).</summary>
    SecurityAssociation = 33,

    /// <summary>Key Exchange (KE).</summary>
    KeyExchange = 34,

    /// <summary>Identification - Initiator (IDi).</summary>
    IdentificationInitiator = 35,

    /// <summary>Identification - Responder (IDr).</summary>
    IdentificationResponder = 36,

    /// <summary>Certificate (CERT).</summary>
    Certificate = 37,

    /// <summary>Certificate Request (CERTREQ).</summary>
    CertificateRequest = 38,

    /// <summary>Authentication (AUTH).</summary>
    Authentication = 39,

    /// <summary>Nonce (Ni, Nr).</summary>
    Nonce = 40,

    /// <summary>Notify (N).</summary>
    Notify = 41,

    /// <summary>Delete (D).</summary>
    Delete = 42,

    /// <summary>Vendor ID (V).</summary>
    VendorId = 43,

    /// <summary>Traffic Selector - Initiator (TSi).</summary>
    TrafficSelectorInitiator = 44,

    /// <summary>Traffic Selector - Responder (TSr).</summary>
    TrafficSelectorResponder = 45,

    /// <summary>Encrypted and Authenticated (SK).</summary>
    Encrypted = 46,

    /// <summary>Configuration (CP).</summary>
    Configuration = 47,

    /// <summary>Extensible Authentication (EAP).</summary>
    ExtensibleAuthentication = 48,

    /// <summary>Generic Secure Password Methods (GSPM, RFC 6467); not decoded, kept as unknown.</summary>
    GenericSecurePasswordMethods = 49,

    /// <summary>Group Identification (IDg, RFC 9838); not decoded, kept as unknown.</summary>
    GroupIdentification = 50,

    /// <summary>Group Security Association (GSA); not decoded, kept as unknown.</summary>
    GroupSecurityAssociation = 51,

    /// <summary>Key Download (KD); not decoded, kept as unknown.</summary>
    KeyDownload = 52,

    /// <summary>Encrypted and Authenticated Fragment (SKF, RFC 7383).</summary>
    EncryptedFragment = 53,

    /// <summary>Puzzle Solution (PS, RFC 8019); not decoded, kept as unknown.</summary>
    PuzzleSolution = 54,
}
