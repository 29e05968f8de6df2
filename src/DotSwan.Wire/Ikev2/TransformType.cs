namespace DotSwan.Wire.Ikev2;

/// <summary>Transform types (IANA "Transform Type Values", RFC 7296 and RFC 9370).</summary>
public enum TransformType : byte
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>ENCR: encryption algorithm.</summary>
    EncryptionAlgorithm = 1,

    /// <summary>PRF: pseudorandom function.</summary>
    PseudorandomFunction = 2,

    /// <summary>INTEG: integrity algorithm.</summary>
    IntegrityAlgorithm = 3,

    /// <summary>KE (formerly D-H): key exchange method.</summary>
    KeyExchangeMethod = 4,

    /// <summary>ESN: extended sequence numbers (RFC 9827 renames it Sequence Numbers).</summary>
    SequenceNumbers = 5,

    /// <summary>ADDKE1 (RFC 9370).</summary>
    AdditionalKeyExchange1 = 6,

    /// <summary>ADDKE2 (RFC 9370).</summary>
    AdditionalKeyExchange2 = 7,

    /// <summary>ADDKE3 (RFC 9370).</summary>
    AdditionalKeyExchange3 = 8,

    /// <summary>ADDKE4 (RFC 9370).</summary>
    AdditionalKeyExchange4 = 9,

    /// <summary>ADDKE5 (RFC 9370).</summary>
    AdditionalKeyExchange5 = 10,

    /// <summary>ADDKE6 (RFC 9370).</summary>
    AdditionalKeyExchange6 = 11,

    /// <summary>ADDKE7 (RFC 9370).</summary>
    AdditionalKeyExchange7 = 12,
}
