using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev2;

/// <summary>The fixed 28-byte IKEv2 header (RFC 7296 section 3.1).</summary>
/// <param name="InitiatorSpi">IKE SA Initiator's SPI.</param>
/// <param name="ResponderSpi">IKE SA Responder's SPI (zero in the first IKE_SA_INIT request).</param>
/// <param name="NextPayload">Type of the first payload; recomputed from the payloads when encoding.</param>
/// <param name="MajorVersion">Major version (2).</param>
/// <param name="MinorVersion">Minor version (0).</param>
/// <param name="ExchangeType">Exchange type.</param>
/// <param name="Flags">I, V and R flags (other bits are reserved and kept as received).</param>
/// <param name="MessageId">Message ID.</param>
/// <param name="Length">Total message length; recomputed from the payloads when encoding.</param>
public readonly record struct Ikev2Header(
    ulong InitiatorSpi,
    ulong ResponderSpi,
    Ikev2PayloadType NextPayload,
    byte MajorVersion,
    byte MinorVersion,
    Ikev2ExchangeType ExchangeType,
    Ikev2HeaderFlags Flags,
    uint MessageId,
    uint Length)
{
    /// <summary>Size of the header in bytes.</summary>
    public const int Size = 28;

    /// <summary>True when the R flag is set.</summary>
    public bool IsResponse => (Flags & Ikev2HeaderFlags.Response) != 0;

    /// <summary>True when the I flag is set.</summary>
    public bool IsInitiator => (Flags & Ikev2HeaderFlags.Initiator) != 0;

    /// <summary>
    /// Reads the header fields without validating anything but the size, so that an engine can answer a message
    /// the codec rejected (for example INVALID_MAJOR_VERSION needs the SPIs and message ID).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out Ikev2Header header)
    {
        if (message.Length < Size)
        {
            header = default;
            return false;
        }
        header = new Ikev2Header(
            BinaryPrimitives.ReadUInt64BigEndian(message),
            BinaryPrimitives.ReadUInt64BigEndian(message[8..]),
            (Ikev2PayloadType)message[16],
            (byte)(message[17] >> 4),
            (byte)(message[17] & 0x0f),
            (Ikev2ExchangeType)message[18],
            (Ikev2HeaderFlags)message[19],
            BinaryPrimitives.ReadUInt32BigEndian(message[20..]),
            BinaryPrimitives.ReadUInt32BigEndian(message[24..]));
        return true;
    }

    internal void Write(ref WireWriter writer, Ikev2PayloadType nextPayload, uint length)
    {
        writer.WriteUInt64(InitiatorSpi);
        writer.WriteUInt64(ResponderSpi);
        writer.WriteByte((byte)nextPayload);
        writer.WriteByte((byte)((MajorVersion << 4) | (MinorVersion & 0x0f)));
        writer.WriteByte((byte)ExchangeType);
        writer.WriteByte((byte)Flags);
        writer.WriteUInt32(MessageId);
        writer.WriteUInt32(length);
    }
}
