namespace DotSwan.Ike.Engine;

/// <summary>Why an SA could not be established or was lost.</summary>
public enum IkeSaFailureKind
{
    /// <summary>No common proposal (NO_PROPOSAL_CHOSEN).</summary>
    NoProposalChosen,

    /// <summary>The key exchange group could not be agreed (INVALID_KE_PAYLOAD that cannot be followed).</summary>
    InvalidKePayload,

    /// <summary>Authentication failed on either side (AUTHENTICATION_FAILED).</summary>
    AuthenticationFailed,

    /// <summary>Traffic selectors could not be agreed (TS_UNACCEPTABLE).</summary>
    TsUnacceptable,

    /// <summary>The peer did not answer a request after all retransmissions.</summary>
    PeerNotResponding,

    /// <summary>The peer's message was malformed or not what the exchange allows.</summary>
    InvalidMessage,

    /// <summary>A local cryptographic operation failed (unsupported transform, bad key exchange value).</summary>
    Crypto,
}
