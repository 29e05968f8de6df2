using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev1;

/// <summary>Notification payload (RFC 2408 §3.14): DOI, protocol, SPI, notify message type and data.</summary>
/// <param name="Doi">Domain of interpretation (1 = IPsec).</param>
/// <param name="ProtocolId">The protocol of the SA the notify concerns.</param>
/// <param name="NotifyType">Notify message type (error below 16384, status above).</param>
/// <param name="Spi">The SPI (for ISAKMP often the 16-byte cookie pair, as in INITIAL-CONTACT and DPD); up to 16 bytes.</param>
/// <param name="Data">Notification data (e.g. the DPD sequence number).</param>
public sealed record NotificationPayload(uint Doi, IpsecProtocolId ProtocolId, Ikev1NotifyType NotifyType, ReadOnlyMemory<byte> Spi, ReadOnlyMemory<byte> Data) : IsakmpPayload
{
    /// <summary>Largest SPI accepted (the ISAKMP cookie pair).</summary>
    public const int MaxSpiSize = 16;

    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType => IsakmpPayloadType.Notification;

    internal override int BodyLength => 8 + Spi.Length + Data.Length;

    /// <summary>Compares all fields and the SPI and data bytes.</summary>
    public bool Equals(NotificationPayload? other) =>
        other is not null && other.Doi == Doi && other.ProtocolId == ProtocolId && other.NotifyType == NotifyType &&
        StructuralEquality.Bytes(Spi, other.Spi) && StructuralEquality.Bytes(Data, other.Data);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Doi, ProtocolId, NotifyType, Spi.Length, Data.Length);

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteUInt32(Doi);
        writer.WriteByte((byte)ProtocolId);
        writer.WriteByte(checked((byte)Spi.Length));
        writer.WriteUInt16((ushort)NotifyType);
        writer.WriteBytes(Spi.Span);
        writer.WriteBytes(Data.Span);
    }

    internal static bool TryDecodeBody(ReadOnlyMemory<byte> body, int offset, out IsakmpPayload? payload, out DecodeError error)
    {
        payload = null;
        const int type = (int)IsakmpPayloadType.Notification;
        var span = body.Span;
        if (span.Length < 8)
        {
            error = new DecodeError(type, offset, DecodeErrorReason.BadLength, "notification shorter than its fixed fields");
            return false;
        }
        int spiSize = span[5];
        if (spiSize > MaxSpiSize)
        {
            error = new DecodeError(type, offset + 5, DecodeErrorReason.InvalidValue, "notification SPI size above 16");
            return false;
        }
        if (8 + spiSize > span.Length)
        {
            error = new DecodeError(type, offset + 5, DecodeErrorReason.BadLength, "notification SPI overruns the payload");
            return false;
        }
        payload = new NotificationPayload(
            BinaryPrimitives.ReadUInt32BigEndian(span),
            (IpsecProtocolId)span[4],
            (Ikev1NotifyType)BinaryPrimitives.ReadUInt16BigEndian(span[6..]),
            body.Slice(8, spiSize),
            body[(8 + spiSize)..]);
        error = default;
        return true;
    }
}
