namespace DotSwan.Wire.Ikev1;

/// <summary>IPsec DOI SA attributes (RFC 2407 §4.5 and later IANA additions).</summary>
public enum IpsecAttributeType : ushort
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>SA life type.</summary>
    SaLifeType = 1,

    /// <summary>SA life duration (variable: TV or TLV).</summary>
    SaLifeDuration = 2,

    /// <summary>Group description (PFS group).</summary>
    GroupDescription = 3,

    /// <summary>Encapsulation mode.</summary>
    EncapsulationMode = 4,

    /// <summary>Authentication algorithm.</summary>
    AuthenticationAlgorithm = 5,

    /// <summary>Key length in bits.</summary>
    KeyLength = 6,

    /// <summary>Key rounds.</summary>
    KeyRounds = 7,

    /// <summary>Compress dictionary size.</summary>
    CompressDictionarySize = 8,

    /// <summary>Compress private algorithm (variable).</summary>
    CompressPrivateAlgorithm = 9,

    /// <summary>ECN tunnel (RFC 3168).</summary>
    EcnTunnel = 10,

    /// <summary>Extended (64-bit) sequence number (RFC 4304).</summary>
    ExtendedSequenceNumber = 11,

    /// <summary>Authentication key length (RFC 4359).</summary>
    AuthenticationKeyLength = 12,

    /// <summary>Signature encoding algorithm (RFC 4359).</summary>
    SignatureEncodingAlgorithm = 13,

    /// <summary>Address preservation (RFC 6407).</summary>
    AddressPreservation = 14,

    /// <summary>SA direction (RFC 6407).</summary>
    SaDirection = 15,
}
