using System.Buffers;

namespace DotSwan.Wire.Ikev2;

/// <summary>Decoding of whole IKEv2 messages into the typed model, and encoding back.</summary>
public static class Ikev2MessageCodec
{
    // One view per thread for the default options, so typed decoding does not allocate the slot array each time.
    [ThreadStatic]
    private static Ikev2MessageView? t_defaultView;

    internal static Ikev2MessageView RentView(Ikev2DecodeOptions? options) =>
        options is null || ReferenceEquals(options, Ikev2DecodeOptions.Default)
            ? t_defaultView ??= new Ikev2MessageView()
            : new Ikev2MessageView(options);

    /// <summary>
    /// Decodes a whole message (the UDP payload without any non-ESP marker). The payloads reference one copy of
    /// <paramref name="datagram"/>. Never throws on any input: failures come back as <paramref name="error"/>.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> datagram, out Ikev2Message? message, out DecodeError error, Ikev2DecodeOptions? options = null)
    {
        var view = RentView(options);
        if (!view.TryParse(datagram, out error))
        {
            message = null;
            return false;
        }
        message = new Ikev2Message(view.Header, Ikev2PayloadReader.ReadAll(view, datagram.ToArray()));
        return true;
    }

    /// <summary>Builds the typed model of a message that <paramref name="view"/> parsed from <paramref name="datagram"/> (bodies reference <paramref name="datagram"/>, no copy).</summary>
    public static Ikev2Message ToMessage(Ikev2MessageView view, ReadOnlyMemory<byte> datagram)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new Ikev2Message(view.Header, Ikev2PayloadReader.ReadAll(view, datagram));
    }

    /// <summary>Total encoded size of <paramref name="message"/> (the header Length it will carry).</summary>
    public static int GetEncodedLength(Ikev2Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ikev2Header.Size + Ikev2PayloadChain.GetEncodedLength(message.Payloads);
    }

    /// <summary>
    /// Encodes <paramref name="message"/> into the start of <paramref name="destination"/>; returns the bytes written.
    /// The header's Next Payload and Length are computed from the payloads, as is every payload's Next Payload and length.
    /// </summary>
    public static int Encode(Ikev2Message message, Span<byte> destination)
    {
        int length = GetEncodedLength(message);
        var writer = new WireWriter(destination[..length]);
        message.Header.Write(ref writer, Ikev2PayloadChain.FirstPayloadType(message.Payloads), (uint)length);
        Ikev2PayloadChain.Write(message.Payloads, ref writer);
        writer.EnsureFull();
        return length;
    }

    /// <summary>Encodes <paramref name="message"/> into <paramref name="destination"/> with one GetSpan/Advance; returns the bytes written.</summary>
    public static int Encode(Ikev2Message message, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int length = GetEncodedLength(message);
        Encode(message, destination.GetSpan(length));
        destination.Advance(length);
        return length;
    }

    /// <summary>Encodes <paramref name="message"/> into a new array.</summary>
    public static byte[] Encode(Ikev2Message message)
    {
        var bytes = new byte[GetEncodedLength(message)];
        Encode(message, bytes);
        return bytes;
    }

    /// <summary>Encodes an inner payload chain (the plaintext of an SK payload, which the engine then encrypts); returns the bytes written.</summary>
    public static int EncodePayloads(IReadOnlyList<Ikev2Payload> payloads, IBufferWriter<byte> destination) =>
        Ikev2PayloadChain.Encode(payloads, destination);
}
