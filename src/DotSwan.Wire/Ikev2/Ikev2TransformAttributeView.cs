using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev2;

/// <summary>One transform attribute, read in place.</summary>
public readonly ref struct Ikev2TransformAttributeView
{
    private readonly ReadOnlySpan<byte> _bytes;

    internal Ikev2TransformAttributeView(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>Attribute type (without the format bit).</summary>
    public TransformAttributeType Type => (TransformAttributeType)(BinaryPrimitives.ReadUInt16BigEndian(_bytes) & 0x7fff);

    /// <summary>True for TV format.</summary>
    public bool IsTypeValue => (_bytes[0] & 0x80) != 0;

    /// <summary>The value of a TV attribute (0 for TLV).</summary>
    public ushort Value => IsTypeValue ? BinaryPrimitives.ReadUInt16BigEndian(_bytes[2..]) : (ushort)0;

    /// <summary>The value bytes of a TLV attribute (empty for TV).</summary>
    public ReadOnlySpan<byte> Data => IsTypeValue ? default : _bytes[4..];
}
