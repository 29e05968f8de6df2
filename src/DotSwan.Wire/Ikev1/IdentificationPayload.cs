using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev1;

/// <summary>
/// Identification payload in the IPsec DOI form (RFC 2407 §4.6.2): ID type, IP protocol, port and the identification data.
/// </summary>
/// <param name="IdType">The IPsec DOI identification type.</param>
/// <param name="ProtocolId">IP protocol number (0 = any; 17 = UDP in phase 1 identities).</param>
/// <param name="Port">Port (0 = any).</param>
/// <param name="Data">The identification data (address, address and mask, range, name …).</param>
public sealed record IdentificationPayload(IpsecDoiIdType IdType, byte ProtocolId, ushort Port, ReadOnlyMemory<byte> Data) : IsakmpPayload
{
    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType => IsakmpPayloadType.Identification;

    internal override int BodyLength => 4 + Data.Length;

    /// <summary>The data length an address-typed identity must have, or -1 for the variable-length types.</summary>
    public static int RequiredDataLength(IpsecDoiIdType idType) => idType switch
    {
        IpsecDoiIdType.Ipv4Address => 4,
        IpsecDoiIdType.Ipv4AddressSubnet or IpsecDoiIdType.Ipv4AddressRange => 8,
        IpsecDoiIdType.Ipv6Address => 16,
        IpsecDoiIdType.Ipv6AddressSubnet or IpsecDoiIdType.Ipv6AddressRange => 32,
        _ => -1,
    };

    /// <summary>Compares all fields and the data bytes.</summary>
    public bool Equals(IdentificationPayload? other) =>
        other is not null && other.IdType == IdType && other.ProtocolId == ProtocolId && other.Port == Port &&
        StructuralEquality.Bytes(Data, other.Data);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IdType, ProtocolId, Port, Data.Length);

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteByte((byte)IdType);
        writer.WriteByte(ProtocolId);
        writer.WriteUInt16(Port);
        writer.WriteBytes(Data.Span);
    }

    internal static bool TryDecodeBody(ReadOnlyMemory<byte> body, int offset, out IsakmpPayload? payload, out DecodeError error)
    {
        payload = null;
        const int type = (int)IsakmpPayloadType.Identification;
        var span = body.Span;
        if (span.Length < 4)
        {
            error = new DecodeError(type, offset, DecodeErrorReason.BadLength, "ID payload shorter than its fixed fields");
            return false;
        }
        var idType = (IpsecDoiIdType)span[0];
        int required = RequiredDataLength(idType);
        if (required >= 0 && span.Length - 4 != required)
        {
            error = new DecodeError(type, offset + 4, DecodeErrorReason.InvalidValue, "ID data length does not fit its address type");
            return false;
        }
        payload = new IdentificationPayload(idType, span[1], BinaryPrimitives.ReadUInt16BigEndian(span[2..]), body[4..]);
        error = default;
        return true;
    }
}
