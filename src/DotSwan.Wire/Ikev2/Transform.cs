namespace DotSwan.Wire.Ikev2;

/// <summary>A transform substructure (RFC 7296 section 3.3.2). Transform IDs stay plain numbers here; Crypto names them.</summary>
/// <param name="Type">Transform type.</param>
/// <param name="Id">Transform ID (IANA number within <paramref name="Type"/>).</param>
/// <param name="Attributes">Transform attributes (usually none or one Key Length).</param>
public sealed record Transform(TransformType Type, ushort Id, IReadOnlyList<TransformAttribute> Attributes)
{
    /// <summary>The Key Length attribute's value in bits, or null when there is none.</summary>
    public int? KeyLength
    {
        get
        {
            for (int i = 0; i < Attributes.Count; i++)
            {
                var attribute = Attributes[i];
                if (attribute.Type == TransformAttributeType.KeyLength && attribute.IsTypeValue) { return attribute.Value; }
            }
            return null;
        }
    }

    internal int EncodedLength
    {
        get
        {
            int length = 8;
            for (int i = 0; i < Attributes.Count; i++) { length += Attributes[i].EncodedLength; }
            return length;
        }
    }

    internal void Write(ref WireWriter writer, bool last)
    {
        writer.WriteByte(last ? (byte)0 : (byte)3);
        writer.WriteByte(0);
        writer.WriteUInt16(checked((ushort)EncodedLength));
        writer.WriteByte((byte)Type);
        writer.WriteByte(0);
        writer.WriteUInt16(Id);
        for (int i = 0; i < Attributes.Count; i++) { Attributes[i].Write(ref writer); }
    }
}
