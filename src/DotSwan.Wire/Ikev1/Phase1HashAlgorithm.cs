namespace DotSwan.Wire.Ikev1;

/// <summary>Phase 1 hash algorithms (RFC 2409 App. A, RFC 4868).</summary>
public enum Phase1HashAlgorithm : ushort
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>MD5.</summary>
    Md5 = 1,

    /// <summary>SHA-1.</summary>
    Sha1 = 2,

    /// <summary>Tiger.</summary>
    Tiger = 3,

    /// <summary>SHA2-256.</summary>
    Sha256 = 4,

    /// <summary>SHA2-384.</summary>
    Sha384 = 5,

    /// <summary>SHA2-512.</summary>
    Sha512 = 6,
}
