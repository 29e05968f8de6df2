namespace DotSwan.Wire.Ikev1;

/// <summary>IPsec DOI IPCOMP transform identifiers (RFC 2407 §4.4.5).</summary>
public enum IpcompTransformId : byte
{
    /// <summary>Reserved.</summary>
    Reserved = 0,

    /// <summary>IPCOMP_OUI.</summary>
    Oui = 1,

    /// <summary>IPCOMP_DEFLATE.</summary>
    Deflate = 2,

    /// <summary>IPCOMP_LZS.</summary>
    Lzs = 3,

    /// <summary>IPCOMP_LZJH.</summary>
    Lzjh = 4,
}
