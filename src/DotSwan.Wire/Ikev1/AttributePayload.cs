using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev1;

/// <summary>
/// Attribute payload of Mode Config and XAUTH (payload 14, draft-dukes-ike-mode-cfg §3.2): type, identifier and attributes.
/// </summary>
/// <param name="Type">Request, reply, set or acknowledge.</param>
/// <param name="Identifier">Matches a reply or acknowledge to its request or set.</param>
/// <param name="Attributes">The configuration attributes (TLV with possibly empty values in requests; TV allowed).</param>
public sealed record AttributePayload(ModeConfigType Type, ushort Identifier, IReadOnlyList<IsakmpAttribute> Attributes) : IsakmpPayload
{
    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType => IsakmpPayloadType.Attribute;

    internal override int BodyLength => 4 + IsakmpAttribute.GetListLength(Attributes);

    /// <summary>Compares type, identifier and attributes.</summary>
    public bool Equals(AttributePayload? other) =>
        other is not null && other.Type == Type && other.Identifier == Identifier && StructuralEquality.Lists(Attributes, other.Attributes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Identifier, Attributes.Count);

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteByte((byte)Type);
        writer.WriteByte(0);
        writer.WriteUInt16(Identifier);
        IsakmpAttribute.WriteList(ref writer, Attributes);
    }

    internal static bool TryDecodeBody(ReadOnlyMemory<byte> body, int offset, IsakmpDecodeOptions options, out IsakmpPayload? payload, out DecodeError error)
    {
        payload = null;
        const int type = (int)IsakmpPayloadType.Attribute;
        var span = body.Span;
        if (span.Length < 4)
        {
            error = new DecodeError(type, offset, DecodeErrorReason.BadLength, "Attribute payload shorter than its fixed fields");
            return false;
        }
        if (options.Strict && span[1] != 0)
        {
            error = new DecodeError(type, offset + 1, DecodeErrorReason.ReservedBitsSet, "Attribute payload reserved field is not zero");
            return false;
        }
        if (!IsakmpAttribute.TryDecodeList(body[4..], offset + 4, IsakmpPayloadType.Attribute, options, out var attributes, out error))
        {
            return false;
        }
        payload = new AttributePayload((ModeConfigType)span[0], BinaryPrimitives.ReadUInt16BigEndian(span[2..]), attributes);
        return true;
    }
}
