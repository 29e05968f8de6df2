using System.Diagnostics.CodeAnalysis;

namespace DotSwan.Wire.Ikev2;

/// <summary>A transform attribute (RFC 7296 section 3.3.5): TV format with a 16-bit value, or TLV format with bytes.</summary>
/// <param name="Type">Attribute type (15 bits; the format bit is not part of it).</param>
/// <param name="IsTypeValue">True for TV format (AF bit set), false for TLV.</param>
/// <param name="Value">The value of a TV attribute (for Key Length: bits); 0 for TLV.</param>
/// <param name="Data">The value bytes of a TLV attribute; empty for TV.</param>
[SuppressMessage("Naming", "CA1711", Justification = "The RFC 7296 name.")]
public readonly record struct TransformAttribute(TransformAttributeType Type, bool IsTypeValue, ushort Value, ReadOnlyMemory<byte> Data)
{
    /// <summary>A Key Length attribute (TV, type 14).</summary>
    public static TransformAttribute KeyLength(ushort bits) => new(TransformAttributeType.KeyLength, true, bits, default);

    internal int EncodedLength => IsTypeValue ? 4 : 4 + Data.Length;

    internal void Write(ref WireWriter writer)
    {
        ushort type = (ushort)((ushort)Type & 0x7fff);
        if (IsTypeValue)
        {
            writer.WriteUInt16((ushort)(type | 0x8000));
            writer.WriteUInt16(Value);
        }
        else
        {
            writer.WriteUInt16(type);
            writer.WriteUInt16(checked((ushort)Data.Length));
            writer.WriteBytes(Data.Span);
        }
    }
}
