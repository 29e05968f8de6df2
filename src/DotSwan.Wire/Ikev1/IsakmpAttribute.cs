using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev1;

/// <summary>
/// A data attribute (RFC 2408 §3.3) of a transform or of an Attribute payload. The Attribute Format bit decides
/// the form: TV (basic, AF = 1) carries a 16-bit value in place of the length; TLV (variable, AF = 0) carries a length
/// and that many bytes. The form is kept so that a value sent as TLV re-encodes as TLV.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "The RFC 2408 name.")]
public readonly record struct IsakmpAttribute
{
    private const ushort FormatBit = 0x8000;

    private IsakmpAttribute(ushort type, bool isTv, ushort tvValue, ReadOnlyMemory<byte> tlvValue)
    {
        Type = type;
        IsTv = isTv;
        TvValue = tvValue;
        TlvValue = tlvValue;
    }

    /// <summary>The attribute type (15 bits, without the format bit).</summary>
    public ushort Type { get; }

    /// <summary>True for the TV (basic) form, false for TLV (variable).</summary>
    public bool IsTv { get; }

    /// <summary>The value of a TV attribute (0 for TLV).</summary>
    public ushort TvValue { get; }

    /// <summary>The value bytes of a TLV attribute (empty for TV).</summary>
    public ReadOnlyMemory<byte> TlvValue { get; }

    /// <summary>The type read as a phase 1 attribute class (RFC 2409 App. A).</summary>
    public Phase1AttributeType Phase1Type => (Phase1AttributeType)Type;

    /// <summary>The type read as an IPsec DOI SA attribute (RFC 2407 §4.5).</summary>
    public IpsecAttributeType IpsecType => (IpsecAttributeType)Type;

    /// <summary>The type read as a Mode Config or XAUTH attribute (Attribute payload).</summary>
    public ModeConfigAttributeType ModeConfigType => (ModeConfigAttributeType)Type;

    /// <summary>Bytes on the wire: 4 for TV, 4 plus the value for TLV.</summary>
    public int EncodedLength => IsTv ? 4 : 4 + TlvValue.Length;

    /// <summary>A TV (basic) attribute.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The type does not fit in 15 bits.</exception>
    public static IsakmpAttribute Tv(ushort type, ushort value)
    {
        CheckType(type);
        return new IsakmpAttribute(type, true, value, default);
    }

    /// <summary>A TLV (variable) attribute.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The type does not fit in 15 bits or the value is longer than 65535 bytes.</exception>
    public static IsakmpAttribute Tlv(ushort type, ReadOnlyMemory<byte> value)
    {
        CheckType(type);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value.Length, ushort.MaxValue, nameof(value));
        return new IsakmpAttribute(type, false, 0, value);
    }

    /// <summary>
    /// An integer attribute in the shortest form: TV when the value fits in 16 bits, otherwise TLV with the fewest
    /// big-endian bytes (a variable attribute such as Life Duration may use either, RFC 2409 App. A).
    /// </summary>
    public static IsakmpAttribute FromInteger(ushort type, ulong value)
    {
        if (value <= ushort.MaxValue)
        {
            return Tv(type, (ushort)value);
        }
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        int skip = 0;
        while (buffer[skip] == 0) { skip++; }
        return Tlv(type, buffer[skip..].ToArray());
    }

    /// <summary>
    /// The value as an unsigned integer: the TV value, or a TLV value of 1 to 8 bytes read big-endian.
    /// False for an empty or longer TLV value.
    /// </summary>
    public bool TryGetInteger(out ulong value)
    {
        if (IsTv)
        {
            value = TvValue;
            return true;
        }
        var bytes = TlvValue.Span;
        value = 0;
        if (bytes.IsEmpty || bytes.Length > 8) { return false; }
        foreach (byte b in bytes) { value = (value << 8) | b; }
        return true;
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsTv ? $"Attribute(t={Type}, TV {TvValue})" : $"Attribute(t={Type}, TLV {Convert.ToHexString(TlvValue.Span)})";

    /// <summary>Compares type, form and value bytes (the generated equality would compare TLV buffers by reference).</summary>
    public bool Equals(IsakmpAttribute other) =>
        Type == other.Type && IsTv == other.IsTv && TvValue == other.TvValue && TlvValue.Span.SequenceEqual(other.TlvValue.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, IsTv, TvValue, TlvValue.Length);

    internal void Write(ref WireWriter writer)
    {
        if (IsTv)
        {
            writer.WriteUInt16((ushort)(FormatBit | Type));
            writer.WriteUInt16(TvValue);
        }
        else
        {
            writer.WriteUInt16(Type);
            writer.WriteUInt16((ushort)TlvValue.Length);
            writer.WriteBytes(TlvValue.Span);
        }
    }

    /// <summary>
    /// Decodes the attributes filling <paramref name="region"/> exactly. <paramref name="offset"/> is the region's
    /// offset in the message and <paramref name="payloadType"/> the structure reported in errors.
    /// </summary>
    internal static bool TryDecodeList(
        ReadOnlyMemory<byte> region,
        int offset,
        IsakmpPayloadType payloadType,
        IsakmpDecodeOptions options,
        out IReadOnlyList<IsakmpAttribute> attributes,
        out DecodeError error)
    {
        attributes = [];
        error = default;
        if (region.IsEmpty) { return true; }
        var list = new List<IsakmpAttribute>();
        var reader = new WireReader(region.Span, offset);
        while (reader.Remaining > 0)
        {
            if (list.Count >= options.MaxAttributes)
            {
                error = new DecodeError((int)payloadType, reader.Offset, DecodeErrorReason.TooMany, "too many attributes");
                return false;
            }
            int start = reader.Offset;
            if (!reader.TryReadUInt16(out ushort typeField) || !reader.TryReadUInt16(out ushort lengthOrValue))
            {
                error = new DecodeError((int)payloadType, start, DecodeErrorReason.BadLength, "attribute header overruns its container");
                return false;
            }
            ushort type = (ushort)(typeField & ~FormatBit);
            if ((typeField & FormatBit) != 0)
            {
                list.Add(new IsakmpAttribute(type, true, lengthOrValue, default));
                continue;
            }
            int valueStart = reader.Position;
            if (!reader.TrySkip(lengthOrValue))
            {
                error = new DecodeError((int)payloadType, start, DecodeErrorReason.BadLength, "TLV attribute value overruns its container");
                return false;
            }
            list.Add(new IsakmpAttribute(type, false, 0, region.Slice(valueStart, lengthOrValue)));
        }
        attributes = list;
        return true;
    }

    internal static int GetListLength(IReadOnlyList<IsakmpAttribute> attributes)
    {
        int length = 0;
        foreach (var attribute in attributes) { length += attribute.EncodedLength; }
        return length;
    }

    internal static void WriteList(ref WireWriter writer, IReadOnlyList<IsakmpAttribute> attributes)
    {
        foreach (var attribute in attributes) { attribute.Write(ref writer); }
    }

    private static void CheckType(ushort type) =>
        ArgumentOutOfRangeException.ThrowIfGreaterThan(type, (ushort)0x7FFF, nameof(type));
}
