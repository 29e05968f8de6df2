namespace DotSwan.Wire.Ikev2;

/// <summary>Notify payload (RFC 7296 section 3.10).</summary>
/// <param name="ProtocolId">Protocol of the SA the SPI names; none (0) when the SPI is empty.</param>
/// <param name="Spi">SPI: empty, 4 bytes (AH/ESP) or 8 bytes (IKE).</param>
/// <param name="NotifyType">Notify message type; values missing from the enum are kept as numbers.</param>
/// <param name="Data">Notification data.</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record NotifyPayload(ProtocolId ProtocolId, ReadOnlyMemory<byte> Spi, NotifyType NotifyType, ReadOnlyMemory<byte> Data, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType => Ikev2PayloadType.Notify;

    /// <summary>True for error types (below 16384), which make a request fail.</summary>
    public bool IsError => (ushort)NotifyType < 16384;

    internal override int BodyLength => 4 + Spi.Length + Data.Length;

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteByte((byte)ProtocolId);
        writer.WriteByte(checked((byte)Spi.Length));
        writer.WriteUInt16((ushort)NotifyType);
        writer.WriteBytes(Spi.Span);
        writer.WriteBytes(Data.Span);
    }
}
