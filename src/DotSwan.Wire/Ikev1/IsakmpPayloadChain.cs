using System.Buffers;

namespace DotSwan.Wire.Ikev1;

/// <summary>
/// Decodes and encodes a chain of ISAKMP payloads linked by their Next Payload fields: the body of a clear message,
/// or the decrypted body of an encrypted one (which ends with cipher padding).
/// </summary>
public static class IsakmpPayloadChain
{
    /// <summary>
    /// Decodes the chain starting with a payload of type <paramref name="first"/>. Decoded payloads reference
    /// <paramref name="chain"/> (no copies), so the buffer must outlive them.
    /// </summary>
    /// <param name="first">Type of the first payload (the header's Next Payload).</param>
    /// <param name="chain">The payload bytes (e.g. the decrypted body).</param>
    /// <param name="baseOffset">Offset of <paramref name="chain"/> in the whole message, for error reports (28 after the header).</param>
    /// <param name="allowTrailingPadding">When true, bytes after the last payload are cipher padding and counted in <paramref name="paddingLength"/>; when false they are <see cref="DecodeErrorReason.TrailingBytes"/>.</param>
    /// <param name="payloads">The payloads in order.</param>
    /// <param name="paddingLength">Bytes left after the last payload (only when <paramref name="allowTrailingPadding"/>).</param>
    /// <param name="error">Why decoding failed.</param>
    /// <param name="options">Strictness and bounds; <see cref="IsakmpDecodeOptions.Default"/> when null.</param>
    /// <returns>True on success; never throws on untrusted bytes.</returns>
    public static bool TryDecode(
        IsakmpPayloadType first,
        ReadOnlyMemory<byte> chain,
        int baseOffset,
        bool allowTrailingPadding,
        out IReadOnlyList<IsakmpPayload> payloads,
        out int paddingLength,
        out DecodeError error,
        IsakmpDecodeOptions? options = null)
    {
        options ??= IsakmpDecodeOptions.Default;
        payloads = [];
        paddingLength = 0;
        var list = new List<IsakmpPayload>();
        var type = first;
        int position = 0;
        var span = chain.Span;
        while (type != IsakmpPayloadType.None)
        {
            int offset = baseOffset + position;
            if (list.Count >= options.MaxPayloads)
            {
                error = new DecodeError((int)type, offset, DecodeErrorReason.TooMany, "too many payloads");
                return false;
            }
            if (span.Length - position < IsakmpPayload.HeaderSize)
            {
                error = new DecodeError((int)type, offset, DecodeErrorReason.Truncated, "payload header missing");
                return false;
            }
            var next = (IsakmpPayloadType)span[position];
            byte reserved = span[position + 1];
            int length = (span[position + 2] << 8) | span[position + 3];
            if (length < IsakmpPayload.HeaderSize || length > span.Length - position)
            {
                error = new DecodeError((int)type, offset + 2, DecodeErrorReason.BadLength, "payload length is below 4 or past the end of the message");
                return false;
            }
            if (options.Strict && reserved != 0)
            {
                error = new DecodeError((int)type, offset + 1, DecodeErrorReason.ReservedBitsSet, "payload reserved field is not zero");
                return false;
            }
            var body = chain.Slice(position + IsakmpPayload.HeaderSize, length - IsakmpPayload.HeaderSize);
            if (!TryDecodeBody(type, body, offset + IsakmpPayload.HeaderSize, options, out var payload, out error))
            {
                return false;
            }
            list.Add(payload!);
            position += length;
            type = next;
        }
        int left = span.Length - position;
        if (left > 0 && !allowTrailingPadding)
        {
            error = new DecodeError(0, baseOffset + position, DecodeErrorReason.TrailingBytes, "bytes after the last payload");
            return false;
        }
        payloads = list;
        paddingLength = left;
        error = default;
        return true;
    }

    /// <summary>The type to put in the header's Next Payload field: the first payload's type, or None for an empty chain.</summary>
    public static IsakmpPayloadType FirstType(IReadOnlyList<IsakmpPayload> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        return payloads.Count == 0 ? IsakmpPayloadType.None : payloads[0].PayloadType;
    }

    /// <summary>Bytes the encoded chain takes.</summary>
    public static int GetEncodedLength(IReadOnlyList<IsakmpPayload> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        int length = 0;
        foreach (var payload in payloads) { length += payload.EncodedLength; }
        return length;
    }

    /// <summary>Encodes the chain into <paramref name="destination"/> (at least <see cref="GetEncodedLength"/> bytes); returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is too small or a payload is longer than 65535 bytes.</exception>
    public static int Encode(IReadOnlyList<IsakmpPayload> payloads, Span<byte> destination)
    {
        int length = GetEncodedLength(payloads);
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination is shorter than the encoded chain.", nameof(destination));
        }
        var writer = new WireWriter(destination[..length]);
        Write(ref writer, payloads);
        writer.EnsureFull();
        return length;
    }

    /// <summary>Encodes the chain into <paramref name="output"/> with one span request and no intermediate buffer.</summary>
    public static void Encode(IReadOnlyList<IsakmpPayload> payloads, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int length = GetEncodedLength(payloads);
        Encode(payloads, output.GetSpan(length));
        output.Advance(length);
    }

    internal static void Write(ref WireWriter writer, IReadOnlyList<IsakmpPayload> payloads)
    {
        for (int i = 0; i < payloads.Count; i++)
        {
            var payload = payloads[i];
            int length = payload.EncodedLength;
            if (length > ushort.MaxValue)
            {
                throw new ArgumentException($"A {payload.PayloadType} payload of {length} bytes does not fit the 16-bit length field.", nameof(payloads));
            }
            writer.WriteByte(i + 1 < payloads.Count ? (byte)payloads[i + 1].PayloadType : (byte)0);
            writer.WriteByte(0);
            writer.WriteUInt16((ushort)length);
            payload.WriteBody(ref writer);
        }
    }

    private static bool TryDecodeBody(
        IsakmpPayloadType type,
        ReadOnlyMemory<byte> body,
        int offset,
        IsakmpDecodeOptions options,
        out IsakmpPayload? payload,
        out DecodeError error)
    {
        error = default;
        switch (type)
        {
            case IsakmpPayloadType.SecurityAssociation:
                return SecurityAssociationPayload.TryDecodeBody(body, offset, options, out payload, out error);
            case IsakmpPayloadType.Proposal:
            case IsakmpPayloadType.Transform:
                // Only valid inside an SA payload: RFC 2408 answers INVALID-PAYLOAD-TYPE.
                payload = null;
                error = new DecodeError((int)type, offset - IsakmpPayload.HeaderSize, DecodeErrorReason.UnknownCriticalPayload, "proposal or transform outside an SA payload");
                return false;
            case IsakmpPayloadType.KeyExchange:
                payload = new KeyExchangePayload(body);
                return true;
            case IsakmpPayloadType.Identification:
                return IdentificationPayload.TryDecodeBody(body, offset, out payload, out error);
            case IsakmpPayloadType.Certificate:
                return CertificatePayload.TryDecodeBody(body, offset, out payload, out error);
            case IsakmpPayloadType.CertificateRequest:
                return CertificateRequestPayload.TryDecodeBody(body, offset, out payload, out error);
            case IsakmpPayloadType.Hash:
                payload = new HashPayload(body);
                return true;
            case IsakmpPayloadType.Signature:
                payload = new SignaturePayload(body);
                return true;
            case IsakmpPayloadType.Nonce:
                payload = new NoncePayload(body);
                return true;
            case IsakmpPayloadType.Notification:
                return NotificationPayload.TryDecodeBody(body, offset, out payload, out error);
            case IsakmpPayloadType.Delete:
                return DeletePayload.TryDecodeBody(body, offset, options, out payload, out error);
            case IsakmpPayloadType.VendorId:
                payload = new VendorIdPayload(body);
                return true;
            case IsakmpPayloadType.Attribute:
                return AttributePayload.TryDecodeBody(body, offset, options, out payload, out error);
            case IsakmpPayloadType.NatDiscovery:
            case IsakmpPayloadType.NatDiscoveryDraft:
                payload = new NatDiscoveryPayload(body, type == IsakmpPayloadType.NatDiscoveryDraft);
                return true;
            case IsakmpPayloadType.NatOriginalAddress:
            case IsakmpPayloadType.NatOriginalAddressDraft:
                return NatOriginalAddressPayload.TryDecodeBody(body, offset, type == IsakmpPayloadType.NatOriginalAddressDraft, options, out payload, out error);
            default:
                payload = new UnknownPayload(type, body);
                return true;
        }
    }
}
