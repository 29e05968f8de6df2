namespace DotSwan.Wire.Ikev1;

/// <summary>
/// A transform inside a proposal (RFC 2408 §3.6): transform number, transform ID (KEY_IKE for phase 1, an ESP/AH/IPCOMP
/// transform ID in Quick Mode) and the SA attributes.
/// </summary>
/// <param name="Number">Transform number, unique within its proposal.</param>
/// <param name="TransformId">Transform ID; read it with <see cref="EspTransformId"/>, <see cref="AhTransformId"/> or <see cref="IpcompTransformId"/> per the proposal's protocol.</param>
/// <param name="Attributes">The SA attributes in the order received.</param>
public sealed record Transform(byte Number, byte TransformId, IReadOnlyList<IsakmpAttribute> Attributes)
{
    /// <summary>Transform ID KEY_IKE of a phase 1 proposal (RFC 2407 §4.4.2).</summary>
    public const byte KeyIke = 1;

    /// <summary>Size of the transform header (generic header, number, ID and reserved).</summary>
    public const int HeaderSize = 8;

    /// <summary>Bytes on the wire.</summary>
    public int EncodedLength => HeaderSize + IsakmpAttribute.GetListLength(Attributes);

    /// <summary>The first attribute of the given type, if any.</summary>
    public IsakmpAttribute? Find(ushort type)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Type == type) { return attribute; }
        }
        return null;
    }

    /// <summary>The first phase 1 attribute of the given class, if any.</summary>
    public IsakmpAttribute? Find(Phase1AttributeType type) => Find((ushort)type);

    /// <summary>The first IPsec DOI attribute of the given type, if any.</summary>
    public IsakmpAttribute? Find(IpsecAttributeType type) => Find((ushort)type);

    /// <summary>Compares number, ID and attributes.</summary>
    public bool Equals(Transform? other) =>
        other is not null && other.Number == Number && other.TransformId == TransformId &&
        StructuralEquality.Lists(Attributes, other.Attributes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Number, TransformId, Attributes.Count);

    internal void Write(ref WireWriter writer, bool last)
    {
        writer.WriteByte(last ? (byte)0 : (byte)IsakmpPayloadType.Transform);
        writer.WriteByte(0);
        writer.WriteUInt16(checked((ushort)EncodedLength));
        writer.WriteByte(Number);
        writer.WriteByte(TransformId);
        writer.WriteUInt16(0);
        IsakmpAttribute.WriteList(ref writer, Attributes);
    }

    /// <summary>Decodes one transform from the start of <paramref name="region"/>; <paramref name="length"/> is the bytes it used.</summary>
    internal static bool TryDecode(
        ReadOnlyMemory<byte> region,
        int offset,
        IsakmpDecodeOptions options,
        out Transform? transform,
        out bool last,
        out int length,
        out DecodeError error)
    {
        transform = null;
        last = true;
        length = 0;
        const int type = (int)IsakmpPayloadType.Transform;
        var reader = new WireReader(region.Span, offset);
        if (reader.Remaining < HeaderSize)
        {
            error = new DecodeError(type, offset, DecodeErrorReason.BadLength, "transform header overruns its proposal");
            return false;
        }
        reader.TryReadByte(out byte next);
        reader.TryReadByte(out byte reserved);
        reader.TryReadUInt16(out ushort transformLength);
        reader.TryReadByte(out byte number);
        reader.TryReadByte(out byte transformId);
        reader.TryReadUInt16(out ushort reserved2);
        if (transformLength < HeaderSize || transformLength > region.Length)
        {
            error = new DecodeError(type, offset + 2, DecodeErrorReason.BadLength, "transform length is below 8 or past its proposal");
            return false;
        }
        if (next != 0 && next != (byte)IsakmpPayloadType.Transform)
        {
            error = new DecodeError(type, offset, DecodeErrorReason.InvalidValue, "next payload of a transform must be 3 or 0");
            return false;
        }
        if (options.Strict && (reserved != 0 || reserved2 != 0))
        {
            error = new DecodeError(type, offset + (reserved != 0 ? 1 : 6), DecodeErrorReason.ReservedBitsSet, "transform reserved field is not zero");
            return false;
        }
        if (!IsakmpAttribute.TryDecodeList(region[HeaderSize..transformLength], offset + HeaderSize, IsakmpPayloadType.Transform, options, out var attributes, out error))
        {
            return false;
        }
        transform = new Transform(number, transformId, attributes);
        last = next == 0;
        length = transformLength;
        return true;
    }
}
