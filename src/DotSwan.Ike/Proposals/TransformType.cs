namespace DotSwan.Ike.Proposals;

/// <summary>IKEv2 transform types (RFC 7296 §3.3.2, RFC 9370 for the additional key exchanges).</summary>
public enum TransformType : byte
{
    /// <summary>Encryption algorithm (ENCR).</summary>
    Encryption = 1,

    /// <summary>Pseudorandom function (PRF).</summary>
    Prf = 2,

    /// <summary>Integrity algorithm (INTEG).</summary>
    Integrity = 3,

    /// <summary>Key exchange method (formerly the Diffie-Hellman group).</summary>
    KeyExchange = 4,

    /// <summary>Extended Sequence Numbers.</summary>
    ExtendedSequenceNumbers = 5,

    /// <summary>Additional key exchange 1 (RFC 9370).</summary>
    AdditionalKeyExchange1 = 6,

    /// <summary>Additional key exchange 2 (RFC 9370).</summary>
    AdditionalKeyExchange2 = 7,

    /// <summary>Additional key exchange 3 (RFC 9370).</summary>
    AdditionalKeyExchange3 = 8,

    /// <summary>Additional key exchange 4 (RFC 9370).</summary>
    AdditionalKeyExchange4 = 9,

    /// <summary>Additional key exchange 5 (RFC 9370).</summary>
    AdditionalKeyExchange5 = 10,

    /// <summary>Additional key exchange 6 (RFC 9370).</summary>
    AdditionalKeyExchange6 = 11,

    /// <summary>Additional key exchange 7 (RFC 9370).</summary>
    AdditionalKeyExchange7 = 12,
}
