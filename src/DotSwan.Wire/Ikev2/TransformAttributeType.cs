namespace DotSwan.Wire.Ikev2;

/// <summary>Transform attribute types (IANA "IKEv2 Transform Attribute Types").</summary>
public enum TransformAttributeType : ushort
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>Key Length in bits (always TV format).</summary>
    KeyLength = 14,
}
