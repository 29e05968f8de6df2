namespace DotSwan.Wire.Ikev2;

/// <summary>A proposal substructure (RFC 7296 section 3.3.1).</summary>
/// <param name="Number">Proposal number (1 for the first, then equal or one more).</param>
/// <param name="ProtocolId">IKE, AH or ESP.</param>
/// <param name="Spi">The sender's SPI: empty (IKE_SA_INIT), 8 bytes (IKE rekey) or 4 bytes (AH/ESP).</param>
/// <param name="Transforms">The transforms in wire order.</param>
public sealed record Proposal(byte Number, ProtocolId ProtocolId, ReadOnlyMemory<byte> Spi, IReadOnlyList<Transform> Transforms)
{
    internal int EncodedLength
    {
        get
        {
            int length = 8 + Spi.Length;
            for (int i = 0; i < Transforms.Count; i++) { length += Transforms[i].EncodedLength; }
            return length;
        }
    }

    internal void Write(ref WireWriter writer, bool last)
    {
        writer.WriteByte(last ? (byte)0 : (byte)2);
        writer.WriteByte(0);
        writer.WriteUInt16(checked((ushort)EncodedLength));
        writer.WriteByte(Number);
        writer.WriteByte((byte)ProtocolId);
        writer.WriteByte(checked((byte)Spi.Length));
        writer.WriteByte(checked((byte)Transforms.Count));
        writer.WriteBytes(Spi.Span);
        for (int i = 0; i < Transforms.Count; i++) { Transforms[i].Write(ref writer, i == Transforms.Count - 1); }
    }
}
