using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev1;

/// <summary>Delete payload (RFC 2408 §3.15): DOI, protocol and the SPIs (all of one size) of the SAs deleted.</summary>
/// <param name="Doi">Domain of interpretation (1 = IPsec).</param>
/// <param name="ProtocolId">The protocol of the deleted SAs (ISAKMP: 16-byte cookie pairs; ESP/AH: 4-byte SPIs).</param>
/// <param name="SpiSize">The size of every SPI.</param>
/// <param name="Spis">The SPIs; each must be <paramref name="SpiSize"/> bytes long.</param>
public sealed record DeletePayload(uint Doi, IpsecProtocolId ProtocolId, byte SpiSize, IReadOnlyList<ReadOnlyMemory<byte>> Spis) : IsakmpPayload
{
    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType => IsakmpPayloadType.Delete;

    internal override int BodyLength => 8 + (SpiSize * Spis.Count);

    /// <summary>Compares all fields and the SPI bytes.</summary>
    public bool Equals(DeletePayload? other) =>
        other is not null && other.Doi == Doi && other.ProtocolId == ProtocolId && other.SpiSize == SpiSize &&
        StructuralEquality.ByteLists(Spis, other.Spis);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Doi, ProtocolId, SpiSize, Spis.Count);

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteUInt32(Doi);
        writer.WriteByte((byte)ProtocolId);
        writer.WriteByte(SpiSize);
        writer.WriteUInt16(checked((ushort)Spis.Count));
        foreach (var spi in Spis)
        {
            if (spi.Length != SpiSize)
            {
                throw new InvalidOperationException("Every SPI of a Delete payload must be SpiSize bytes long.");
            }
            writer.WriteBytes(spi.Span);
        }
    }

    internal static bool TryDecodeBody(ReadOnlyMemory<byte> body, int offset, IsakmpDecodeOptions options, out IsakmpPayload? payload, out DecodeError error)
    {
        payload = null;
        const int type = (int)IsakmpPayloadType.Delete;
        var span = body.Span;
        if (span.Length < 8)
        {
            error = new DecodeError(type, offset, DecodeErrorReason.BadLength, "delete payload shorter than its fixed fields");
            return false;
        }
        byte spiSize = span[5];
        int count = BinaryPrimitives.ReadUInt16BigEndian(span[6..]);
        if (count > options.MaxDeleteSpis)
        {
            error = new DecodeError(type, offset + 6, DecodeErrorReason.TooMany, "too many SPIs in a delete payload");
            return false;
        }
        if (spiSize == 0 && count > 0)
        {
            error = new DecodeError(type, offset + 5, DecodeErrorReason.InvalidValue, "delete payload with SPI size 0");
            return false;
        }
        if (8 + (spiSize * count) != span.Length)
        {
            error = new DecodeError(type, offset + 6, DecodeErrorReason.BadLength, "SPI size times count disagrees with the payload length");
            return false;
        }
        var spis = new ReadOnlyMemory<byte>[count];
        for (int i = 0; i < count; i++)
        {
            spis[i] = body.Slice(8 + (i * spiSize), spiSize);
        }
        payload = new DeletePayload(BinaryPrimitives.ReadUInt32BigEndian(span), (IpsecProtocolId)span[4], spiSize, spis);
        error = default;
        return true;
    }
}
