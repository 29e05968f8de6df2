namespace DotSwan.Ike.Proposals;

/// <summary>Why a proposal string or transform list was refused.</summary>
public enum ProposalErrorKind
{
    /// <summary>The proposal string is empty (or a list entry between commas is).</summary>
    Empty,

    /// <summary>A token is not an algorithm keyword.</summary>
    UnknownKeyword,

    /// <summary>A keyword is valid but not for this protocol (e.g. a PRF in an ESP proposal).</summary>
    NotAllowedForProtocol,

    /// <summary>AEAD and classic encryption algorithms are mixed in one proposal.</summary>
    MixedAeadAndClassic,

    /// <summary>An AEAD proposal also lists integrity algorithms.</summary>
    AeadWithIntegrity,

    /// <summary>A classic (non-AEAD) proposal lacks an integrity algorithm.</summary>
    MissingIntegrity,

    /// <summary>The proposal lacks an encryption algorithm.</summary>
    MissingEncryption,

    /// <summary>An AEAD IKE proposal lacks a PRF (it cannot be derived from an integrity algorithm).</summary>
    MissingPrf,

    /// <summary>An IKE proposal lacks a key exchange method.</summary>
    MissingKeyExchange,

    /// <summary>An additional key exchange (RFC 9370) is configured without a key exchange method.</summary>
    AdditionalKeyExchangeWithoutKeyExchange,

    /// <summary>Too many tokens or proposals (bounded work on configuration input).</summary>
    TooLong,
}
