using System.Diagnostics.CodeAnalysis;

namespace DotSwan.Wire.Ikev2;

/// <summary>A configuration attribute (RFC 7296 section 3.15.1).</summary>
/// <param name="Type">Attribute type (15 bits).</param>
/// <param name="Value">Attribute value (may be empty, e.g. in a request).</param>
[SuppressMessage("Naming", "CA1711", Justification = "The RFC 7296 name.")]
public readonly record struct ConfigurationAttribute(ConfigurationAttributeType Type, ReadOnlyMemory<byte> Value)
{
    internal int EncodedLength => 4 + Value.Length;

    internal void Write(ref WireWriter writer)
    {
        writer.WriteUInt16((ushort)((ushort)Type & 0x7fff));
        writer.WriteUInt16(checked((ushort)Value.Length));
        writer.WriteBytes(Value.Span);
    }
}
