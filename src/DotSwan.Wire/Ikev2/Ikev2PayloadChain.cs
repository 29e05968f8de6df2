using System.Buffers;

namespace DotSwan.Wire.Ikev2;

/// <summary>Decoding and encoding of a bare payload chain: the plaintext inside an SK payload (or reassembled SKF fragments).</summary>
public static class Ikev2PayloadChain
{
    /// <summary>
    /// Decodes a chain that starts with a payload of type <paramref name="first"/> (the SK payload's Next Payload)
    /// and fills <paramref name="bytes"/> exactly. <paramref name="baseOffset"/> positions errors within the message.
    /// The payloads reference one copy of <paramref name="bytes"/>. Never throws on any input.
    /// </summary>
    public static bool TryDecode(
        Ikev2PayloadType first,
        ReadOnlySpan<byte> bytes,
        int baseOffset,
        out IReadOnlyList<Ikev2Payload> payloads,
        out DecodeError error,
        Ikev2DecodeOptions? options = null)
    {
        var view = Ikev2MessageCodec.RentView(options);
        if (!view.TryParsePayloads(first, bytes, baseOffset, out error))
        {
            payloads = [];
            return false;
        }
        payloads = Ikev2PayloadReader.ReadAll(view, bytes.ToArray());
        return true;
    }

    /// <summary>Bytes <see cref="Encode(IReadOnlyList{Ikev2Payload}, Span{byte})"/> writes for <paramref name="payloads"/>.</summary>
    public static int GetEncodedLength(IReadOnlyList<Ikev2Payload> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        int length = 0;
        for (int i = 0; i < payloads.Count; i++) { length += 4 + payloads[i].BodyLength; }
        return length;
    }

    /// <summary>The Next Payload value that must precede this chain (the SK payload's, or the header's): the first payload's type.</summary>
    public static Ikev2PayloadType FirstPayloadType(IReadOnlyList<Ikev2Payload> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        return payloads.Count == 0 ? Ikev2PayloadType.None : payloads[0].PayloadType;
    }

    /// <summary>Encodes the chain into exactly <see cref="GetEncodedLength"/> bytes at the start of <paramref name="destination"/>; returns that count.</summary>
    public static int Encode(IReadOnlyList<Ikev2Payload> payloads, Span<byte> destination)
    {
        int length = GetEncodedLength(payloads);
        var writer = new WireWriter(destination[..length]);
        Write(payloads, ref writer);
        writer.EnsureFull();
        return length;
    }

    /// <summary>Encodes the chain into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Encode(IReadOnlyList<Ikev2Payload> payloads, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int length = GetEncodedLength(payloads);
        Encode(payloads, destination.GetSpan(length));
        destination.Advance(length);
        return length;
    }

    internal static void Write(IReadOnlyList<Ikev2Payload> payloads, ref WireWriter writer)
    {
        for (int i = 0; i < payloads.Count; i++)
        {
            var payload = payloads[i];
            bool last = i == payloads.Count - 1;
            if (!last && payload.PayloadType is Ikev2PayloadType.Encrypted or Ikev2PayloadType.EncryptedFragment)
            {
                throw new InvalidOperationException("An SK or SKF payload must be the last payload of its chain.");
            }
            int length = 4 + payload.BodyLength;
            if (length > ushort.MaxValue)
            {
                throw new InvalidOperationException($"Payload {payload.PayloadType} is {length} bytes, more than a payload length field holds.");
            }
            writer.WriteByte((byte)(last ? payload.LastNextPayload : payloads[i + 1].PayloadType));
            writer.WriteByte(payload.Critical ? (byte)0x80 : (byte)0);
            writer.WriteUInt16((ushort)length);
            payload.WriteBody(ref writer);
        }
    }
}
