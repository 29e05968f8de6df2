using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev2;

/// <summary>One transform substructure, read in place.</summary>
public readonly ref struct Ikev2TransformView
{
    private readonly ReadOnlySpan<byte> _bytes;

    internal Ikev2TransformView(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>Transform type.</summary>
    public TransformType Type => (TransformType)_bytes[4];

    /// <summary>Transform ID.</summary>
    public ushort Id => BinaryPrimitives.ReadUInt16BigEndian(_bytes[6..]);

    /// <summary>The attributes.</summary>
    public Ikev2TransformAttributeEnumerator Attributes => new(_bytes[8..]);

    /// <summary>The Key Length attribute's value, or -1 when there is none.</summary>
    public int KeyLength
    {
        get
        {
            foreach (var attribute in Attributes)
            {
                if (attribute.IsTypeValue && attribute.Type == TransformAttributeType.KeyLength) { return attribute.Value; }
            }
            return -1;
        }
    }
}
