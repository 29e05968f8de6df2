namespace DotSwan.Wire.Ikev2;

/// <summary>
/// Checks the inner structure of each known payload body without allocating, so that readers built on a
/// successful check (the view's accessors and the typed decoder) can read without further bounds checks.
/// Every read goes through <see cref="WireReader"/>, whose offsets are already message-relative.
/// </summary>
internal static class Ikev2PayloadValidator
{
    private const string TruncatedBody = "payload body is shorter than its fixed fields";

    public static bool IsKnown(Ikev2PayloadType type) => type switch
    {
        >= Ikev2PayloadType.SecurityAssociation and <= Ikev2PayloadType.ExtensibleAuthentication => true,
        Ikev2PayloadType.EncryptedFragment => true,
        _ => false,
    };

    public static bool TryValidate(Ikev2PayloadType type, ReadOnlySpan<byte> body, int bodyOffset, Ikev2DecodeOptions options, out DecodeError error)
    {
        int pt = (int)type;
        var reader = new WireReader(body, bodyOffset);
        switch (type)
        {
            case Ikev2PayloadType.SecurityAssociation:
                return TryValidateSecurityAssociation(ref reader, options, out error);
            case Ikev2PayloadType.KeyExchange:
                // Group (2), RESERVED (2), data.
                return TrySkipThenReserved(pt, ref reader, 2, 2, options, out error);
            case Ikev2PayloadType.IdentificationInitiator:
            case Ikev2PayloadType.IdentificationResponder:
            case Ikev2PayloadType.Authentication:
            case Ikev2PayloadType.TrafficSelectorInitiator:
            case Ikev2PayloadType.TrafficSelectorResponder:
            case Ikev2PayloadType.Configuration:
                // One type/count byte, RESERVED (3), then the rest.
                if (!TrySkipThenReserved(pt, ref reader, 1, 3, options, out error)) { return false; }
                return type switch
                {
                    Ikev2PayloadType.TrafficSelectorInitiator or Ikev2PayloadType.TrafficSelectorResponder =>
                        TryValidateTrafficSelectors(pt, body[0], ref reader, options, out error),
                    Ikev2PayloadType.Configuration => TryValidateConfigurationAttributes(ref reader, options, out error),
                    _ => true,
                };
            case Ikev2PayloadType.Certificate:
            case Ikev2PayloadType.CertificateRequest:
                return TrySkipThenReserved(pt, ref reader, 1, 0, options, out error);
            case Ikev2PayloadType.Notify:
                return TryValidateNotify(ref reader, out error);
            case Ikev2PayloadType.Delete:
                return TryValidateDelete(ref reader, options, out error);
            case Ikev2PayloadType.ExtensibleAuthentication:
                return TryValidateEap(ref reader, body.Length, out error);
            case Ikev2PayloadType.EncryptedFragment:
                return TryValidateFragment(ref reader, out error);
            default:
                // Nonce, Vendor ID and SK bodies are opaque here.
                error = default;
                return true;
        }
    }

    private static bool TrySkipThenReserved(int pt, ref WireReader reader, int fixedLength, int reservedLength, Ikev2DecodeOptions options, out DecodeError error)
    {
        if (!reader.TrySkip(fixedLength) || !reader.TryReadBytes(reservedLength, out var reserved))
        {
            error = new DecodeError(pt, reader.Offset + reader.Remaining, DecodeErrorReason.Truncated, TruncatedBody);
            return false;
        }
        if (options.Strict && reserved.ContainsAnyExcept((byte)0))
        {
            error = new DecodeError(pt, reader.Offset - reservedLength, DecodeErrorReason.ReservedBitsSet, "reserved bytes are not zero");
            return false;
        }
        error = default;
        return true;
    }

    private static bool TryValidateSecurityAssociation(ref WireReader reader, Ikev2DecodeOptions options, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.SecurityAssociation;
        if (reader.Remaining == 0)
        {
            error = new DecodeError(pt, reader.Offset, DecodeErrorReason.InvalidValue, "SA payload has no proposal");
            return false;
        }
        int count = 0;
        while (reader.Remaining > 0)
        {
            int at = reader.Offset;
            if (count++ == options.MaxProposals)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.TooMany, "too many proposals");
                return false;
            }
            // Last Substruc, RESERVED, Proposal Length, Proposal Num, Protocol ID, SPI Size, Num Transforms.
            if (!reader.TryReadByte(out byte lastSubstructure) || !reader.TryReadByte(out byte reserved) || !reader.TryReadUInt16(out ushort length)
                || !reader.TrySkip(1) || !reader.TryReadByte(out byte protocol) || !reader.TryReadByte(out byte spiSize) || !reader.TryReadByte(out byte transformCount))
            {
                error = new DecodeError(pt, at, DecodeErrorReason.Truncated, "proposal header is truncated");
                return false;
            }
            if (length < 8 + spiSize || !reader.TryReadBytes(length - 8, out var rest))
            {
                error = new DecodeError(pt, at + 2, DecodeErrorReason.BadLength, "proposal length is below its fixed fields or past the SA payload");
                return false;
            }
            bool isLast = reader.Remaining == 0;
            if (lastSubstructure != (isLast ? 0 : 2))
            {
                error = new DecodeError(pt, at, DecodeErrorReason.InvalidValue, "proposal Last Substruc disagrees with the SA payload length");
                return false;
            }
            if (options.Strict && reserved != 0)
            {
                error = new DecodeError(pt, at + 1, DecodeErrorReason.ReservedBitsSet, "proposal reserved byte is not zero");
                return false;
            }
            bool spiOk = (ProtocolId)protocol switch
            {
                ProtocolId.Ike => spiSize is 0 or 8,
                ProtocolId.Ah or ProtocolId.Esp => spiSize == 4,
                _ => false,
            };
            if (!spiOk)
            {
                error = new DecodeError(pt, at + 5, DecodeErrorReason.InvalidValue, "proposal protocol is not IKE, AH or ESP, or its SPI size does not fit it");
                return false;
            }
            if (transformCount > options.MaxTransforms)
            {
                error = new DecodeError(pt, at + 7, DecodeErrorReason.TooMany, "too many transforms in a proposal");
                return false;
            }
            var transforms = new WireReader(rest[spiSize..], at + 8 + spiSize);
            if (!TryValidateTransforms(ref transforms, transformCount, options, out error)) { return false; }
        }
        error = default;
        return true;
    }

    private static bool TryValidateTransforms(ref WireReader reader, int expectedCount, Ikev2DecodeOptions options, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.SecurityAssociation;
        int count = 0;
        while (reader.Remaining > 0)
        {
            int at = reader.Offset;
            if (count++ == expectedCount)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.InvalidValue, "more transforms than the proposal's transform count");
                return false;
            }
            // Last Substruc, RESERVED, Transform Length, Transform Type, RESERVED, Transform ID.
            if (!reader.TryReadByte(out byte lastSubstructure) || !reader.TryReadByte(out byte reserved1) || !reader.TryReadUInt16(out ushort length)
                || !reader.TrySkip(1) || !reader.TryReadByte(out byte reserved2) || !reader.TrySkip(2))
            {
                error = new DecodeError(pt, at, DecodeErrorReason.Truncated, "transform header is truncated");
                return false;
            }
            if (length < 8 || !reader.TryReadBytes(length - 8, out var attributes))
            {
                error = new DecodeError(pt, at + 2, DecodeErrorReason.BadLength, "transform length is below 8 or past its proposal");
                return false;
            }
            if (lastSubstructure != (reader.Remaining == 0 ? 0 : 3))
            {
                error = new DecodeError(pt, at, DecodeErrorReason.InvalidValue, "transform Last Substruc disagrees with the proposal length");
                return false;
            }
            if (options.Strict && (reserved1 | reserved2) != 0)
            {
                error = new DecodeError(pt, at + (reserved1 != 0 ? 1 : 5), DecodeErrorReason.ReservedBitsSet, "transform reserved byte is not zero");
                return false;
            }
            var attributeReader = new WireReader(attributes, at + 8);
            if (!TryValidateTransformAttributes(ref attributeReader, options, out error)) { return false; }
        }
        if (count != expectedCount)
        {
            error = new DecodeError(pt, reader.Offset, DecodeErrorReason.InvalidValue, "fewer transforms than the proposal's transform count");
            return false;
        }
        error = default;
        return true;
    }

    private static bool TryValidateTransformAttributes(ref WireReader reader, Ikev2DecodeOptions options, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.SecurityAssociation;
        int count = 0;
        while (reader.Remaining > 0)
        {
            int at = reader.Offset;
            if (count++ == options.MaxAttributes)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.TooMany, "too many transform attributes");
                return false;
            }
            if (!reader.TryReadUInt16(out ushort formatAndType) || !reader.TryReadUInt16(out ushort lengthOrValue))
            {
                error = new DecodeError(pt, at, DecodeErrorReason.Truncated, "transform attribute is truncated");
                return false;
            }
            // AF=1: TV, the two bytes are the value; AF=0: TLV, they are the length of what follows.
            if ((formatAndType & 0x8000) == 0 && !reader.TrySkip(lengthOrValue))
            {
                error = new DecodeError(pt, at + 2, DecodeErrorReason.BadLength, "transform attribute length is past its transform");
                return false;
            }
        }
        error = default;
        return true;
    }

    private static bool TryValidateNotify(ref WireReader reader, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.Notify;
        int start = reader.Offset;
        if (!reader.TryReadByte(out byte protocol) || !reader.TryReadByte(out byte spiSize) || !reader.TrySkip(2))
        {
            error = new DecodeError(pt, reader.Offset + reader.Remaining, DecodeErrorReason.Truncated, TruncatedBody);
            return false;
        }
        if (!reader.TrySkip(spiSize))
        {
            error = new DecodeError(pt, start + 1, DecodeErrorReason.BadLength, "notify SPI size is past the payload");
            return false;
        }
        // An empty SPI makes the protocol ID meaningless (RFC 7296 3.10: ignored on receipt).
        bool spiOk = spiSize == 0 || (ProtocolId)protocol switch
        {
            ProtocolId.Ike => spiSize == 8,
            ProtocolId.Ah or ProtocolId.Esp => spiSize == 4,
            _ => false,
        };
        if (!spiOk)
        {
            error = new DecodeError(pt, start + 1, DecodeErrorReason.InvalidValue, "notify SPI size does not fit its protocol");
            return false;
        }
        error = default;
        return true;
    }

    private static bool TryValidateDelete(ref WireReader reader, Ikev2DecodeOptions options, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.Delete;
        int start = reader.Offset;
        if (!reader.TryReadByte(out byte protocol) || !reader.TryReadByte(out byte spiSize) || !reader.TryReadUInt16(out ushort count))
        {
            error = new DecodeError(pt, reader.Offset + reader.Remaining, DecodeErrorReason.Truncated, TruncatedBody);
            return false;
        }
        bool ok = (ProtocolId)protocol switch
        {
            ProtocolId.Ike => spiSize == 0 && count == 0,
            ProtocolId.Ah or ProtocolId.Esp => spiSize == 4,
            _ => false,
        };
        if (!ok)
        {
            error = new DecodeError(pt, start, DecodeErrorReason.InvalidValue, "delete protocol, SPI size and SPI count do not fit together");
            return false;
        }
        if (count > options.MaxDeleteSpis)
        {
            error = new DecodeError(pt, start + 2, DecodeErrorReason.TooMany, "too many SPIs in a delete payload");
            return false;
        }
        int expected = spiSize * count;
        if (expected != reader.Remaining)
        {
            error = new DecodeError(pt, start + 2, expected > reader.Remaining ? DecodeErrorReason.Truncated : DecodeErrorReason.TrailingBytes, "delete payload length disagrees with its SPI count");
            return false;
        }
        error = default;
        return true;
    }

    private static bool TryValidateTrafficSelectors(int pt, int count, ref WireReader reader, Ikev2DecodeOptions options, out DecodeError error)
    {
        if (count > options.MaxAttributes)
        {
            error = new DecodeError(pt, reader.Offset - 4, DecodeErrorReason.TooMany, "too many traffic selectors");
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            int at = reader.Offset;
            // TS Type, IP Protocol ID, Selector Length, then ports and addresses.
            if (!reader.TryReadByte(out byte type) || !reader.TrySkip(1) || !reader.TryReadUInt16(out ushort length))
            {
                error = new DecodeError(pt, at, DecodeErrorReason.Truncated, "traffic selector is truncated");
                return false;
            }
            int expected = (TrafficSelectorType)type switch
            {
                TrafficSelectorType.Ipv4AddressRange => 16,
                TrafficSelectorType.Ipv6AddressRange => 40,
                _ => -1,
            };
            if (expected < 0)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.InvalidValue, "unsupported traffic selector type");
                return false;
            }
            if (length != expected)
            {
                error = new DecodeError(pt, at + 2, DecodeErrorReason.BadLength, "traffic selector length does not fit its type");
                return false;
            }
            if (!reader.TrySkip(length - 4))
            {
                error = new DecodeError(pt, at, DecodeErrorReason.Truncated, "traffic selector is past the payload");
                return false;
            }
        }
        if (reader.Remaining != 0)
        {
            error = new DecodeError(pt, reader.Offset, DecodeErrorReason.TrailingBytes, "bytes after the last traffic selector");
            return false;
        }
        error = default;
        return true;
    }

    private static bool TryValidateConfigurationAttributes(ref WireReader reader, Ikev2DecodeOptions options, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.Configuration;
        int count = 0;
        while (reader.Remaining > 0)
        {
            int at = reader.Offset;
            if (count++ == options.MaxAttributes)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.TooMany, "too many configuration attributes");
                return false;
            }
            if (!reader.TryReadUInt16(out ushort type) || !reader.TryReadUInt16(out ushort length))
            {
                error = new DecodeError(pt, at, DecodeErrorReason.Truncated, "configuration attribute is truncated");
                return false;
            }
            if (options.Strict && (type & 0x8000) != 0)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.ReservedBitsSet, "configuration attribute reserved bit is set");
                return false;
            }
            if (!reader.TrySkip(length))
            {
                error = new DecodeError(pt, at + 2, DecodeErrorReason.BadLength, "configuration attribute length is past the payload");
                return false;
            }
        }
        error = default;
        return true;
    }

    private static bool TryValidateEap(ref WireReader reader, int bodyLength, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.ExtensibleAuthentication;
        // Code, Identifier, Length: the EAP Length must cover exactly this payload's body.
        if (!reader.TrySkip(2) || !reader.TryReadUInt16(out ushort length))
        {
            error = new DecodeError(pt, reader.Offset + reader.Remaining, DecodeErrorReason.Truncated, "EAP message header is truncated");
            return false;
        }
        if (length != bodyLength)
        {
            error = new DecodeError(pt, reader.Offset - 2, DecodeErrorReason.BadLength, "EAP length disagrees with the payload length");
            return false;
        }
        error = default;
        return true;
    }

    private static bool TryValidateFragment(ref WireReader reader, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.EncryptedFragment;
        int start = reader.Offset;
        if (!reader.TryReadUInt16(out ushort number) || !reader.TryReadUInt16(out ushort total))
        {
            error = new DecodeError(pt, reader.Offset + reader.Remaining, DecodeErrorReason.Truncated, TruncatedBody);
            return false;
        }
        if (number == 0 || total == 0 || number > total)
        {
            error = new DecodeError(pt, start, DecodeErrorReason.InvalidValue, "fragment number must be between 1 and the total number of fragments");
            return false;
        }
        error = default;
        return true;
    }
}
