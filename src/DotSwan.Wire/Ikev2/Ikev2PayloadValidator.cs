using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev2;

/// <summary>
/// Checks the inner structure of each known payload body without allocating, so that readers built on a
/// successful check (the view's accessors and the typed decoder) can read without further bounds checks.
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
        error = default;
        switch (type)
        {
            case Ikev2PayloadType.SecurityAssociation:
                return TryValidateSecurityAssociation(body, bodyOffset, options, out error);
            case Ikev2PayloadType.KeyExchange:
                return MinimumAndReserved(pt, body, bodyOffset, 4, 2, 2, options, out error);
            case Ikev2PayloadType.IdentificationInitiator:
            case Ikev2PayloadType.IdentificationResponder:
            case Ikev2PayloadType.Authentication:
                return MinimumAndReserved(pt, body, bodyOffset, 4, 1, 3, options, out error);
            case Ikev2PayloadType.Certificate:
            case Ikev2PayloadType.CertificateRequest:
                return MinimumAndReserved(pt, body, bodyOffset, 1, 0, 0, options, out error);
            case Ikev2PayloadType.Notify:
                return TryValidateNotify(body, bodyOffset, out error);
            case Ikev2PayloadType.Delete:
                return TryValidateDelete(body, bodyOffset, options, out error);
            case Ikev2PayloadType.TrafficSelectorInitiator:
            case Ikev2PayloadType.TrafficSelectorResponder:
                return TryValidateTrafficSelectors(pt, body, bodyOffset, options, out error);
            case Ikev2PayloadType.Configuration:
                return TryValidateConfiguration(body, bodyOffset, options, out error);
            case Ikev2PayloadType.ExtensibleAuthentication:
                return TryValidateEap(body, bodyOffset, out error);
            case Ikev2PayloadType.EncryptedFragment:
                return TryValidateFragment(body, bodyOffset, out error);
            default:
                // Nonce, Vendor ID and SK bodies are opaque here.
                return true;
        }
    }

    private static bool MinimumAndReserved(int pt, ReadOnlySpan<byte> body, int bodyOffset, int minimum, int reservedAt, int reservedLength, Ikev2DecodeOptions options, out DecodeError error)
    {
        if (body.Length < minimum)
        {
            error = new DecodeError(pt, bodyOffset + body.Length, DecodeErrorReason.Truncated, TruncatedBody);
            return false;
        }
        if (options.Strict && reservedLength > 0 && body.Slice(reservedAt, reservedLength).ContainsAnyExcept((byte)0))
        {
            error = new DecodeError(pt, bodyOffset + reservedAt, DecodeErrorReason.ReservedBitsSet, "reserved bytes are not zero");
            return false;
        }
        error = default;
        return true;
    }

    private static bool TryValidateSecurityAssociation(ReadOnlySpan<byte> body, int bodyOffset, Ikev2DecodeOptions options, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.SecurityAssociation;
        if (body.IsEmpty)
        {
            error = new DecodeError(pt, bodyOffset, DecodeErrorReason.InvalidValue, "SA payload has no proposal");
            return false;
        }
        int position = 0;
        int count = 0;
        while (position < body.Length)
        {
            int at = bodyOffset + position;
            if (count == options.MaxProposals)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.TooMany, "too many proposals");
                return false;
            }
            count++;
            var rest = body[position..];
            if (rest.Length < 8)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.Truncated, "proposal header is truncated");
                return false;
            }
            byte lastSubstructure = rest[0];
            int length = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
            var protocol = (ProtocolId)rest[5];
            int spiSize = rest[6];
            int transformCount = rest[7];
            if (length < 8 + spiSize || length > rest.Length)
            {
                error = new DecodeError(pt, at + 2, DecodeErrorReason.BadLength, "proposal length is below its fixed fields or past the SA payload");
                return false;
            }
            bool isLast = position + length == body.Length;
            if ((isLast && lastSubstructure != 0) || (!isLast && lastSubstructure != 2))
            {
                error = new DecodeError(pt, at, DecodeErrorReason.InvalidValue, "proposal Last Substruc disagrees with the SA payload length");
                return false;
            }
            if (options.Strict && rest[1] != 0)
            {
                error = new DecodeError(pt, at + 1, DecodeErrorReason.ReservedBitsSet, "proposal reserved byte is not zero");
                return false;
            }
            bool spiOk = protocol switch
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
            int transformsStart = 8 + spiSize;
            if (!TryValidateTransforms(rest[transformsStart..length], at + transformsStart, transformCount, options, out error))
            {
                return false;
            }
            position += length;
        }
        error = default;
        return true;
    }

    private static bool TryValidateTransforms(ReadOnlySpan<byte> transforms, int baseOffset, int expectedCount, Ikev2DecodeOptions options, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.SecurityAssociation;
        int position = 0;
        int count = 0;
        while (position < transforms.Length)
        {
            int at = baseOffset + position;
            if (count == expectedCount)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.InvalidValue, "more transforms than the proposal's transform count");
                return false;
            }
            count++;
            var rest = transforms[position..];
            if (rest.Length < 8)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.Truncated, "transform header is truncated");
                return false;
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
            if (length < 8 || length > rest.Length)
            {
                error = new DecodeError(pt, at + 2, DecodeErrorReason.BadLength, "transform length is below 8 or past its proposal");
                return false;
            }
            bool isLast = position + length == transforms.Length;
            if ((isLast && rest[0] != 0) || (!isLast && rest[0] != 3))
            {
                error = new DecodeError(pt, at, DecodeErrorReason.InvalidValue, "transform Last Substruc disagrees with the proposal length");
                return false;
            }
            if (options.Strict && (rest[1] != 0 || rest[5] != 0))
            {
                error = new DecodeError(pt, at + (rest[1] != 0 ? 1 : 5), DecodeErrorReason.ReservedBitsSet, "transform reserved byte is not zero");
                return false;
            }
            if (!TryValidateTransformAttributes(rest[8..length], at + 8, options, out error))
            {
                return false;
            }
            position += length;
        }
        if (count != expectedCount)
        {
            error = new DecodeError(pt, baseOffset + position, DecodeErrorReason.InvalidValue, "fewer transforms than the proposal's transform count");
            return false;
        }
        error = default;
        return true;
    }

    private static bool TryValidateTransformAttributes(ReadOnlySpan<byte> attributes, int baseOffset, Ikev2DecodeOptions options, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.SecurityAssociation;
        int position = 0;
        int count = 0;
        while (position < attributes.Length)
        {
            int at = baseOffset + position;
            if (count == options.MaxAttributes)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.TooMany, "too many transform attributes");
                return false;
            }
            count++;
            var rest = attributes[position..];
            if (rest.Length < 4)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.Truncated, "transform attribute is truncated");
                return false;
            }
            int length = 4;
            if ((rest[0] & 0x80) == 0)
            {
                length += BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
                if (length > rest.Length)
                {
                    error = new DecodeError(pt, at + 2, DecodeErrorReason.BadLength, "transform attribute length is past its transform");
                    return false;
                }
            }
            position += length;
        }
        error = default;
        return true;
    }

    private static bool TryValidateNotify(ReadOnlySpan<byte> body, int bodyOffset, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.Notify;
        if (body.Length < 4)
        {
            error = new DecodeError(pt, bodyOffset + body.Length, DecodeErrorReason.Truncated, TruncatedBody);
            return false;
        }
        int spiSize = body[1];
        if (4 + spiSize > body.Length)
        {
            error = new DecodeError(pt, bodyOffset + 1, DecodeErrorReason.BadLength, "notify SPI size is past the payload");
            return false;
        }
        // An empty SPI makes the protocol ID meaningless (RFC 7296 3.10: ignored on receipt).
        bool spiOk = spiSize == 0 || (ProtocolId)body[0] switch
        {
            ProtocolId.Ike => spiSize == 8,
            ProtocolId.Ah or ProtocolId.Esp => spiSize == 4,
            _ => false,
        };
        if (!spiOk)
        {
            error = new DecodeError(pt, bodyOffset + 1, DecodeErrorReason.InvalidValue, "notify SPI size does not fit its protocol");
            return false;
        }
        error = default;
        return true;
    }

    private static bool TryValidateDelete(ReadOnlySpan<byte> body, int bodyOffset, Ikev2DecodeOptions options, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.Delete;
        if (body.Length < 4)
        {
            error = new DecodeError(pt, bodyOffset + body.Length, DecodeErrorReason.Truncated, TruncatedBody);
            return false;
        }
        var protocol = (ProtocolId)body[0];
        int spiSize = body[1];
        int count = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
        bool ok = protocol switch
        {
            ProtocolId.Ike => spiSize == 0 && count == 0,
            ProtocolId.Ah or ProtocolId.Esp => spiSize == 4,
            _ => false,
        };
        if (!ok)
        {
            error = new DecodeError(pt, bodyOffset, DecodeErrorReason.InvalidValue, "delete protocol, SPI size and SPI count do not fit together");
            return false;
        }
        if (count > options.MaxDeleteSpis)
        {
            error = new DecodeError(pt, bodyOffset + 2, DecodeErrorReason.TooMany, "too many SPIs in a delete payload");
            return false;
        }
        int expected = 4 + (spiSize * count);
        if (expected != body.Length)
        {
            error = new DecodeError(pt, bodyOffset + 2, expected > body.Length ? DecodeErrorReason.Truncated : DecodeErrorReason.TrailingBytes, "delete payload length disagrees with its SPI count");
            return false;
        }
        error = default;
        return true;
    }

    private static bool TryValidateTrafficSelectors(int pt, ReadOnlySpan<byte> body, int bodyOffset, Ikev2DecodeOptions options, out DecodeError error)
    {
        if (!MinimumAndReserved(pt, body, bodyOffset, 4, 1, 3, options, out error)) { return false; }
        int count = body[0];
        if (count > options.MaxAttributes)
        {
            error = new DecodeError(pt, bodyOffset, DecodeErrorReason.TooMany, "too many traffic selectors");
            return false;
        }
        int position = 4;
        for (int i = 0; i < count; i++)
        {
            var rest = body[position..];
            int at = bodyOffset + position;
            if (rest.Length < 4)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.Truncated, "traffic selector is truncated");
                return false;
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
            int expected = (TrafficSelectorType)rest[0] switch
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
            if (length > rest.Length)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.Truncated, "traffic selector is past the payload");
                return false;
            }
            position += length;
        }
        if (position != body.Length)
        {
            error = new DecodeError(pt, bodyOffset + position, DecodeErrorReason.TrailingBytes, "bytes after the last traffic selector");
            return false;
        }
        error = default;
        return true;
    }

    private static bool TryValidateConfiguration(ReadOnlySpan<byte> body, int bodyOffset, Ikev2DecodeOptions options, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.Configuration;
        if (!MinimumAndReserved(pt, body, bodyOffset, 4, 1, 3, options, out error)) { return false; }
        int position = 4;
        int count = 0;
        while (position < body.Length)
        {
            var rest = body[position..];
            int at = bodyOffset + position;
            if (count == options.MaxAttributes)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.TooMany, "too many configuration attributes");
                return false;
            }
            count++;
            if (rest.Length < 4)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.Truncated, "configuration attribute is truncated");
                return false;
            }
            if (options.Strict && (rest[0] & 0x80) != 0)
            {
                error = new DecodeError(pt, at, DecodeErrorReason.ReservedBitsSet, "configuration attribute reserved bit is set");
                return false;
            }
            int length = 4 + BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
            if (length > rest.Length)
            {
                error = new DecodeError(pt, at + 2, DecodeErrorReason.BadLength, "configuration attribute length is past the payload");
                return false;
            }
            position += length;
        }
        error = default;
        return true;
    }

    private static bool TryValidateEap(ReadOnlySpan<byte> body, int bodyOffset, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.ExtensibleAuthentication;
        if (body.Length < 4)
        {
            error = new DecodeError(pt, bodyOffset + body.Length, DecodeErrorReason.Truncated, "EAP message header is truncated");
            return false;
        }
        if (BinaryPrimitives.ReadUInt16BigEndian(body[2..]) != body.Length)
        {
            error = new DecodeError(pt, bodyOffset + 2, DecodeErrorReason.BadLength, "EAP length disagrees with the payload length");
            return false;
        }
        error = default;
        return true;
    }

    private static bool TryValidateFragment(ReadOnlySpan<byte> body, int bodyOffset, out DecodeError error)
    {
        const int pt = (int)Ikev2PayloadType.EncryptedFragment;
        if (body.Length < 4)
        {
            error = new DecodeError(pt, bodyOffset + body.Length, DecodeErrorReason.Truncated, TruncatedBody);
            return false;
        }
        int number = BinaryPrimitives.ReadUInt16BigEndian(body);
        int total = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
        if (number == 0 || total == 0 || number > total)
        {
            error = new DecodeError(pt, bodyOffset, DecodeErrorReason.InvalidValue, "fragment number must be between 1 and the total number of fragments");
            return false;
        }
        error = default;
        return true;
    }
}
