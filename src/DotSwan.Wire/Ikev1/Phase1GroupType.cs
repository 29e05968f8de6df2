namespace DotSwan.Wire.Ikev1;

/// <summary>Phase 1 group types (RFC 2409 App. A).</summary>
public enum Phase1GroupType : ushort
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>Modular exponentiation group.</summary>
    Modp = 1,

    /// <summary>Elliptic curve group over GF[P].</summary>
    Ecp = 2,

    /// <summary>Elliptic curve group over GF[2^N].</summary>
    Ec2n = 3,
}
