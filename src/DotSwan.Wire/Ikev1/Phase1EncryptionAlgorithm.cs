namespace DotSwan.Wire.Ikev1;

/// <summary>Phase 1 encryption algorithms (RFC 2409 App. A, RFC 3602, RFC 4312).</summary>
public enum Phase1EncryptionAlgorithm : ushort
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>DES-CBC.</summary>
    DesCbc = 1,

    /// <summary>IDEA-CBC.</summary>
    IdeaCbc = 2,

    /// <summary>Blowfish-CBC.</summary>
    BlowfishCbc = 3,

    /// <summary>RC5-R16-B64-CBC.</summary>
    Rc5R16B64Cbc = 4,

    /// <summary>3DES-CBC.</summary>
    TripleDesCbc = 5,

    /// <summary>CAST-CBC.</summary>
    CastCbc = 6,

    /// <summary>AES-CBC (RFC 3602).</summary>
    AesCbc = 7,

    /// <summary>Camellia-CBC (RFC 4312).</summary>
    CamelliaCbc = 8,
}
