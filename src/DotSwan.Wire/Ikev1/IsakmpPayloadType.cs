namespace DotSwan.Wire.Ikev1;

/// <summary>ISAKMP payload types (RFC 2408 §3.1, RFC 3947, draft NAT-T numbers and IKEv1 fragmentation).</summary>
public enum IsakmpPayloadType : byte
{
    /// <summary>No next payload: ends a chain.</summary>
    None = 0,

    /// <summary>Security Association (SA).</summary>
    SecurityAssociation = 1,

    /// <summary>Proposal (P): only inside an SA payload.</summary>
    Proposal = 2,

    /// <summary>Transform (T): only inside a proposal.</summary>
    Transform = 3,

    /// <summary>Key Exchange (KE).</summary>
    KeyExchange = 4,

    /// <summary>Identification (ID).</summary>
    Identification = 5,

    /// <summary>Certificate (CERT).</summary>
    Certificate = 6,

    /// <summary>Certificate Request (CR).</summary>
    CertificateRequest = 7,

    /// <summary>Hash (HASH).</summary>
    Hash = 8,

    /// <summary>Signature (SIG).</summary>
    Signature = 9,

    /// <summary>Nonce (NONCE).</summary>
    Nonce = 10,

    /// <summary>Notification (N).</summary>
    Notification = 11,

    /// <summary>Delete (D).</summary>
    Delete = 12,

    /// <summary>Vendor ID (VID).</summary>
    VendorId = 13,

    /// <summary>Attribute payload of Mode Config / XAUTH (draft-dukes-ike-mode-cfg).</summary>
    Attribute = 14,

    /// <summary>NAT Discovery (NAT-D, RFC 3947).</summary>
    NatDiscovery = 20,

    /// <summary>NAT Original Address (NAT-OA, RFC 3947).</summary>
    NatOriginalAddress = 21,

    /// <summary>NAT-D under the number of the pre-RFC drafts (draft-ietf-ipsec-nat-t-ike-02/03).</summary>
    NatDiscoveryDraft = 130,

    /// <summary>NAT-OA under the number of the pre-RFC drafts (draft-ietf-ipsec-nat-t-ike-02/03).</summary>
    NatOriginalAddressDraft = 131,

    /// <summary>IKEv1 fragment (vendor extension used by Cisco and strongSwan); decoded as an unknown payload.</summary>
    Fragment = 132,
}
