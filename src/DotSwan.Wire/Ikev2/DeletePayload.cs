namespace DotSwan.Wire.Ikev2;

/// <summary>Delete payload (RFC 7296 section 3.11).</summary>
/// <param name="ProtocolId">IKE (no SPIs) or AH/ESP (4-byte SPIs).</param>
/// <param name="SpiSize">Size of each SPI: 0 for IKE, 4 for AH and ESP.</param>
/// <param name="Spis">The SPIs, each <paramref name="SpiSize"/> bytes.</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record DeletePayload(ProtocolId ProtocolId, byte SpiSize, IReadOnlyList<ReadOnlyMemory<byte>> Spis, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType => Ikev2PayloadType.Delete;

    internal override int BodyLength => 4 + (SpiSize * Spis.Count);

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteByte((byte)ProtocolId);
        writer.WriteByte(SpiSize);
        writer.WriteUInt16(checked((ushort)Spis.Count));
        for (int i = 0; i < Spis.Count; i++)
        {
            var spi = Spis[i];
            if (spi.Length != SpiSize) { throw new InvalidOperationException("Every SPI of a Delete payload must be SpiSize bytes."); }
            writer.WriteBytes(spi.Span);
        }
    }
}
