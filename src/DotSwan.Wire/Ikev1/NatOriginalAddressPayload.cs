namespace DotSwan.Wire.Ikev1;

/// <summary>
/// NAT Original Address payload (RFC 3947 §5.2): the peer's address as it saw it. Sent as type 21, or 131 by peers
/// speaking the NAT-T drafts; the number received is kept.
/// </summary>
/// <param name="IdType">ID_IPV4_ADDR or ID_IPV6_ADDR.</param>
/// <param name="Address">Four or sixteen address bytes.</param>
/// <param name="UsesDraftNumber">True when sent under the draft payload number 131.</param>
public sealed record NatOriginalAddressPayload(IpsecDoiIdType IdType, ReadOnlyMemory<byte> Address, bool UsesDraftNumber = false) : IsakmpPayload
{
    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType =>
        UsesDraftNumber ? IsakmpPayloadType.NatOriginalAddressDraft : IsakmpPayloadType.NatOriginalAddress;

    internal override int BodyLength => 4 + Address.Length;

    /// <summary>Compares all fields and the address bytes.</summary>
    public bool Equals(NatOriginalAddressPayload? other) =>
        other is not null && other.IdType == IdType && other.UsesDraftNumber == UsesDraftNumber && StructuralEquality.Bytes(Address, other.Address);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IdType, UsesDraftNumber, Address.Length);

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteByte((byte)IdType);
        writer.WriteZeros(3);
        writer.WriteBytes(Address.Span);
    }

    internal static bool TryDecodeBody(ReadOnlyMemory<byte> body, int offset, bool draft, IsakmpDecodeOptions options, out IsakmpPayload? payload, out DecodeError error)
    {
        payload = null;
        int type = draft ? (int)IsakmpPayloadType.NatOriginalAddressDraft : (int)IsakmpPayloadType.NatOriginalAddress;
        var span = body.Span;
        if (span.Length < 4)
        {
            error = new DecodeError(type, offset, DecodeErrorReason.BadLength, "NAT-OA payload shorter than its fixed fields");
            return false;
        }
        if (options.Strict && (span[1] != 0 || span[2] != 0 || span[3] != 0))
        {
            error = new DecodeError(type, offset + 1, DecodeErrorReason.ReservedBitsSet, "NAT-OA reserved field is not zero");
            return false;
        }
        var idType = (IpsecDoiIdType)span[0];
        int required = idType switch
        {
            IpsecDoiIdType.Ipv4Address => 4,
            IpsecDoiIdType.Ipv6Address => 16,
            _ => -1,
        };
        if (required < 0)
        {
            error = new DecodeError(type, offset, DecodeErrorReason.InvalidValue, "NAT-OA ID type must be IPV4_ADDR or IPV6_ADDR");
            return false;
        }
        if (span.Length - 4 != required)
        {
            error = new DecodeError(type, offset + 4, DecodeErrorReason.InvalidValue, "NAT-OA address length does not fit its ID type");
            return false;
        }
        payload = new NatOriginalAddressPayload(idType, body[4..], draft);
        error = default;
        return true;
    }
}
