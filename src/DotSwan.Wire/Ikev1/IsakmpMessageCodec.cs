using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace DotSwan.Wire.Ikev1;

/// <summary>
/// Decodes datagrams into <see cref="IsakmpMessage"/> and encodes messages back, byte for byte.
/// </summary>
/// <remarks>
/// Length policy: a datagram shorter than the header's Length is <see cref="DecodeErrorReason.Truncated"/>; a longer one
/// is accepted and the bytes past Length are ignored (strongSwan and libreswan take the header Length as authoritative),
/// unless <see cref="IsakmpDecodeOptions.RejectTrailingDatagramBytes"/> is set. Inside a clear message the payload chain
/// must end exactly at Length.
/// </remarks>
public static class IsakmpMessageCodec
{
    /// <summary>
    /// Decodes one ISAKMP message. Payloads reference <paramref name="datagram"/> (no copies); the buffer must outlive the message.
    /// </summary>
    /// <returns>True on success; never throws on untrusted bytes.</returns>
    public static bool TryDecode(
        ReadOnlyMemory<byte> datagram,
        [NotNullWhen(true)] out IsakmpMessage? message,
        out DecodeError error,
        IsakmpDecodeOptions? options = null)
    {
        options ??= IsakmpDecodeOptions.Default;
        message = null;
        if (!TryDecodeHeader(datagram.Span, out var header, out error, options))
        {
            return false;
        }
        var body = datagram[IsakmpHeader.Size..(int)header.Length];
        if (header.IsEncrypted)
        {
            message = IsakmpMessage.Encrypted(header, body);
            return true;
        }
        if (!IsakmpPayloadChain.TryDecode(header.NextPayload, body, IsakmpHeader.Size, allowTrailingPadding: false, out var payloads, out _, out error, options))
        {
            return false;
        }
        message = IsakmpMessage.Clear(header, payloads);
        return true;
    }

    /// <summary>
    /// Decodes and checks only the header (version, length against the datagram, reserved flags in strict mode):
    /// enough to find the IKE SA by its cookies before decoding or decrypting the rest.
    /// </summary>
    public static bool TryDecodeHeader(ReadOnlySpan<byte> datagram, out IsakmpHeader header, out DecodeError error, IsakmpDecodeOptions? options = null)
    {
        options ??= IsakmpDecodeOptions.Default;
        if (!IsakmpHeader.TryRead(datagram, out header))
        {
            error = new DecodeError(0, datagram.Length, DecodeErrorReason.Truncated, "datagram shorter than the 28-byte ISAKMP header");
            return false;
        }
        if (header.MajorVersion != 1)
        {
            error = new DecodeError(0, 17, DecodeErrorReason.InvalidValue,
                header.MajorVersion == 2 ? "major version 2: an IKEv2 message, not ISAKMP" : "major version is not 1");
            return false;
        }
        if (header.Length < IsakmpHeader.Size)
        {
            error = new DecodeError(0, 24, DecodeErrorReason.BadLength, "header length below 28");
            return false;
        }
        if (header.Length > (uint)datagram.Length)
        {
            error = new DecodeError(0, datagram.Length, DecodeErrorReason.Truncated, "datagram shorter than the header's length");
            return false;
        }
        if (header.Length < (uint)datagram.Length && options.RejectTrailingDatagramBytes)
        {
            error = new DecodeError(0, (int)header.Length, DecodeErrorReason.TrailingBytes, "datagram longer than the header's length");
            return false;
        }
        if (options.Strict && ((byte)header.Flags & IsakmpHeader.ReservedFlagBits) != 0)
        {
            error = new DecodeError(0, 19, DecodeErrorReason.ReservedBitsSet, "reserved header flags are set");
            return false;
        }
        error = default;
        return true;
    }

    /// <summary>Bytes the encoded message takes.</summary>
    public static int GetEncodedLength(IsakmpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return IsakmpHeader.Size + (message.IsEncrypted ? message.EncryptedBody.Length : IsakmpPayloadChain.GetEncodedLength(message.Payloads));
    }

    /// <summary>
    /// Encodes <paramref name="message"/> into <paramref name="destination"/>; returns the bytes written. The header's
    /// Length is computed, and for a clear message so is its Next Payload.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is too small, or an encrypted message also has payloads (or a clear one an encrypted body).</exception>
    public static int Encode(IsakmpMessage message, Span<byte> destination)
    {
        int length = GetEncodedLength(message);
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination is shorter than the encoded message.", nameof(destination));
        }
        if (message.IsEncrypted ? message.Payloads.Count != 0 : !message.EncryptedBody.IsEmpty)
        {
            throw new ArgumentException("An encrypted message carries only its body, a clear one only payloads.", nameof(message));
        }
        var writer = new WireWriter(destination[..length]);
        if (message.IsEncrypted)
        {
            message.Header.Write(ref writer, message.Header.NextPayload, (uint)length);
            writer.WriteBytes(message.EncryptedBody.Span);
        }
        else
        {
            message.Header.Write(ref writer, IsakmpPayloadChain.FirstType(message.Payloads), (uint)length);
            IsakmpPayloadChain.Write(ref writer, message.Payloads);
        }
        writer.EnsureFull();
        return length;
    }

    /// <summary>Encodes <paramref name="message"/> into <paramref name="output"/> with one span request and no intermediate buffer.</summary>
    public static void Encode(IsakmpMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int length = GetEncodedLength(message);
        Encode(message, output.GetSpan(length));
        output.Advance(length);
    }
}
