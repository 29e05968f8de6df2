namespace DotSwan.Wire.Ikev1;

/// <summary>
/// A proposal inside an SA payload (RFC 2408 §3.5). Proposals with the same number form one AND-ed bundle (e.g. AH and ESP).
/// </summary>
/// <param name="Number">Proposal number.</param>
/// <param name="ProtocolId">Security protocol (ISAKMP in phase 1; ESP, AH or IPCOMP in Quick Mode).</param>
/// <param name="Spi">The SPI: empty or 16 bytes for ISAKMP, 4 for ESP and AH, 2 or 4 (CPI) for IPCOMP.</param>
/// <param name="Transforms">The alternative transforms, in order of preference.</param>
public sealed record Proposal(byte Number, IpsecProtocolId ProtocolId, ReadOnlyMemory<byte> Spi, IReadOnlyList<Transform> Transforms)
{
    /// <summary>Size of the proposal header before the SPI.</summary>
    public const int HeaderSize = 8;

    /// <summary>Bytes on the wire.</summary>
    public int EncodedLength
    {
        get
        {
            int length = HeaderSize + Spi.Length;
            foreach (var transform in Transforms) { length += transform.EncodedLength; }
            return length;
        }
    }

    /// <summary>Compares number, protocol, SPI bytes and transforms.</summary>
    public bool Equals(Proposal? other) =>
        other is not null && other.Number == Number && other.ProtocolId == ProtocolId &&
        StructuralEquality.Bytes(Spi, other.Spi) && StructuralEquality.Lists(Transforms, other.Transforms);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Number, ProtocolId, Spi.Length, Transforms.Count);

    /// <summary>True when an SPI of <paramref name="size"/> bytes is allowed for <paramref name="protocol"/>.</summary>
    internal static bool IsValidSpiSize(IpsecProtocolId protocol, int size) => protocol switch
    {
        IpsecProtocolId.Isakmp => size is 0 or 16,
        IpsecProtocolId.Ah or IpsecProtocolId.Esp => size == 4,
        IpsecProtocolId.Ipcomp => size is 2 or 4,
        _ => true,
    };

    internal void Write(ref WireWriter writer, bool last)
    {
        writer.WriteByte(last ? (byte)0 : (byte)IsakmpPayloadType.Proposal);
        writer.WriteByte(0);
        writer.WriteUInt16(checked((ushort)EncodedLength));
        writer.WriteByte(Number);
        writer.WriteByte((byte)ProtocolId);
        writer.WriteByte(checked((byte)Spi.Length));
        writer.WriteByte(checked((byte)Transforms.Count));
        writer.WriteBytes(Spi.Span);
        for (int i = 0; i < Transforms.Count; i++)
        {
            Transforms[i].Write(ref writer, i == Transforms.Count - 1);
        }
    }

    /// <summary>Decodes one proposal from the start of <paramref name="region"/>; <paramref name="length"/> is the bytes it used.</summary>
    internal static bool TryDecode(
        ReadOnlyMemory<byte> region,
        int offset,
        IsakmpDecodeOptions options,
        out Proposal? proposal,
        out bool last,
        out int length,
        out DecodeError error)
    {
        proposal = null;
        last = true;
        length = 0;
        const int type = (int)IsakmpPayloadType.Proposal;
        var reader = new WireReader(region.Span, offset);
        if (reader.Remaining < HeaderSize)
        {
            error = new DecodeError(type, offset, DecodeErrorReason.BadLength, "proposal header overruns its SA payload");
            return false;
        }
        reader.TryReadByte(out byte next);
        reader.TryReadByte(out byte reserved);
        reader.TryReadUInt16(out ushort proposalLength);
        reader.TryReadByte(out byte number);
        reader.TryReadByte(out byte protocolByte);
        reader.TryReadByte(out byte spiSize);
        reader.TryReadByte(out byte transformCount);
        var protocol = (IpsecProtocolId)protocolByte;
        if (proposalLength < HeaderSize + spiSize || proposalLength > region.Length)
        {
            error = new DecodeError(type, offset + 2, DecodeErrorReason.BadLength, "proposal length is below its header and SPI or past its SA payload");
            return false;
        }
        if (next != 0 && next != (byte)IsakmpPayloadType.Proposal)
        {
            error = new DecodeError(type, offset, DecodeErrorReason.InvalidValue, "next payload of a proposal must be 2 or 0");
            return false;
        }
        if (options.Strict && reserved != 0)
        {
            error = new DecodeError(type, offset + 1, DecodeErrorReason.ReservedBitsSet, "proposal reserved field is not zero");
            return false;
        }
        if (!IsValidSpiSize(protocol, spiSize))
        {
            error = new DecodeError(type, offset + 6, DecodeErrorReason.InvalidValue, "SPI size does not fit the protocol");
            return false;
        }
        if (transformCount == 0)
        {
            error = new DecodeError(type, offset + 7, DecodeErrorReason.InvalidValue, "proposal without transforms");
            return false;
        }
        if (transformCount > options.MaxTransforms)
        {
            error = new DecodeError(type, offset + 7, DecodeErrorReason.TooMany, "too many transforms");
            return false;
        }
        var spi = region.Slice(HeaderSize, spiSize);
        int position = HeaderSize + spiSize;
        var transforms = new List<Transform>(transformCount);
        bool lastTransform = false;
        while (!lastTransform)
        {
            if (transforms.Count == transformCount)
            {
                error = new DecodeError(type, offset + position, DecodeErrorReason.InvalidValue, "more transforms than the proposal's transform count");
                return false;
            }
            if (!Transform.TryDecode(region[position..proposalLength], offset + position, options, out var transform, out lastTransform, out int used, out error))
            {
                return false;
            }
            transforms.Add(transform!);
            position += used;
        }
        if (transforms.Count != transformCount)
        {
            error = new DecodeError(type, offset + 7, DecodeErrorReason.InvalidValue, "fewer transforms than the proposal's transform count");
            return false;
        }
        if (position != proposalLength)
        {
            error = new DecodeError(type, offset + position, DecodeErrorReason.TrailingBytes, "bytes after the last transform of a proposal");
            return false;
        }
        proposal = new Proposal(number, protocol, spi, transforms);
        last = next == 0;
        length = proposalLength;
        error = default;
        return true;
    }
}
