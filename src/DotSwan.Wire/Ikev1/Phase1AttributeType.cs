namespace DotSwan.Wire.Ikev1;

/// <summary>Phase 1 (ISAKMP SA) attribute classes (RFC 2409 Appendix A).</summary>
public enum Phase1AttributeType : ushort
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>Encryption algorithm (basic).</summary>
    EncryptionAlgorithm = 1,

    /// <summary>Hash algorithm (basic).</summary>
    HashAlgorithm = 2,

    /// <summary>Authentication method (basic).</summary>
    AuthenticationMethod = 3,

    /// <summary>Group description (basic).</summary>
    GroupDescription = 4,

    /// <summary>Group type (basic).</summary>
    GroupType = 5,

    /// <summary>Group prime / irreducible polynomial (variable).</summary>
    GroupPrime = 6,

    /// <summary>Group generator one (variable).</summary>
    GroupGeneratorOne = 7,

    /// <summary>Group generator two (variable).</summary>
    GroupGeneratorTwo = 8,

    /// <summary>Group curve A (variable).</summary>
    GroupCurveA = 9,

    /// <summary>Group curve B (variable).</summary>
    GroupCurveB = 10,

    /// <summary>Life type (basic).</summary>
    LifeType = 11,

    /// <summary>Life duration (variable: TV or TLV).</summary>
    LifeDuration = 12,

    /// <summary>PRF (basic).</summary>
    Prf = 13,

    /// <summary>Key length in bits (basic).</summary>
    KeyLength = 14,

    /// <summary>Field size (basic).</summary>
    FieldSize = 15,

    /// <summary>Group order (variable).</summary>
    GroupOrder = 16,
}
