using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev1;

/// <summary>
/// The fixed 28-byte ISAKMP header (RFC 2408 §3.1).
/// </summary>
/// <param name="InitiatorCookie">CKY-I, the initiator's cookie (big-endian as on the wire).</param>
/// <param name="ResponderCookie">CKY-R, the responder's cookie; zero in the first message.</param>
/// <param name="NextPayload">Type of the first payload. For clear messages the encoder writes the type of the first payload instead.</param>
/// <param name="MajorVersion">Major version; 1 for ISAKMP (2 is IKEv2, which this codec rejects).</param>
/// <param name="MinorVersion">Minor version; 0 in practice.</param>
/// <param name="ExchangeType">The exchange this message belongs to (kept as received, even when not a named value).</param>
/// <param name="Flags">Encryption, commit and authentication-only flags.</param>
/// <param name="MessageId">Message ID: zero in phase 1, random in Quick Mode, Informational and Transaction exchanges.</param>
/// <param name="Length">Total message length as received; the encoder writes the computed length instead.</param>
public readonly record struct IsakmpHeader(
    ulong InitiatorCookie,
    ulong ResponderCookie,
    IsakmpPayloadType NextPayload,
    byte MajorVersion,
    byte MinorVersion,
    IsakmpExchangeType ExchangeType,
    IsakmpHeaderFlags Flags,
    uint MessageId,
    uint Length)
{
    /// <summary>Size of the header on the wire.</summary>
    public const int Size = 28;

    /// <summary>The flag bits RFC 2408 leaves reserved (must be zero).</summary>
    internal const byte ReservedFlagBits = 0xF8;

    /// <summary>True when the Encryption flag is set: the body after the header is opaque ciphertext.</summary>
    public bool IsEncrypted => (Flags & IsakmpHeaderFlags.Encryption) != 0;

    /// <summary>A version 1.0 header with the given fields; <see cref="NextPayload"/> and <see cref="Length"/> are filled in by the encoder for clear messages.</summary>
    public static IsakmpHeader Create(
        ulong initiatorCookie,
        ulong responderCookie,
        IsakmpExchangeType exchangeType,
        IsakmpHeaderFlags flags,
        uint messageId,
        IsakmpPayloadType nextPayload = IsakmpPayloadType.None) =>
        new(initiatorCookie, responderCookie, nextPayload, 1, 0, exchangeType, flags, messageId, 0);

    /// <summary>Reads the header fields from the first 28 bytes; false when fewer are available. No validation.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out IsakmpHeader header)
    {
        if (data.Length < Size)
        {
            header = default;
            return false;
        }
        header = new IsakmpHeader(
            BinaryPrimitives.ReadUInt64BigEndian(data),
            BinaryPrimitives.ReadUInt64BigEndian(data[8..]),
            (IsakmpPayloadType)data[16],
            (byte)(data[17] >> 4),
            (byte)(data[17] & 0x0F),
            (IsakmpExchangeType)data[18],
            (IsakmpHeaderFlags)data[19],
            BinaryPrimitives.ReadUInt32BigEndian(data[20..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[24..]));
        return true;
    }

    internal void Write(ref WireWriter writer, IsakmpPayloadType nextPayload, uint length)
    {
        writer.WriteUInt64(InitiatorCookie);
        writer.WriteUInt64(ResponderCookie);
        writer.WriteByte((byte)nextPayload);
        writer.WriteByte((byte)((MajorVersion << 4) | (MinorVersion & 0x0F)));
        writer.WriteByte((byte)ExchangeType);
        writer.WriteByte((byte)Flags);
        writer.WriteUInt32(MessageId);
        writer.WriteUInt32(length);
    }
}
