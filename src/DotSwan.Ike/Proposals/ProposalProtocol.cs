namespace DotSwan.Ike.Proposals;

/// <summary>The security protocol a proposal negotiates (RFC 7296 §3.3.1 Protocol ID numbering).</summary>
public enum ProposalProtocol : byte
{
    /// <summary>The IKE SA itself (IKEv1: the ISAKMP SA).</summary>
    Ike = 1,

    /// <summary>Authentication Header.</summary>
    Ah = 2,

    /// <summary>Encapsulating Security Payload.</summary>
    Esp = 3,
}
