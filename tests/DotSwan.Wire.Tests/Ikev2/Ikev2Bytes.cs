using System.Buffers.Binary;

namespace DotSwan.Wire.Tests.Ikev2;

/// <summary>Hand-built IKEv2 bytes laid out as in RFC 7296, for tests that must not trust the encoder.</summary>
public static class Ikev2Bytes
{
    public const ulong InitiatorSpi = 0x0102030405060708;
    public const ulong ResponderSpi = 0x1112131415161718;

    /// <summary>A generic payload header (next, critical/reserved byte, length) followed by the body.</summary>
    public static byte[] Payload(byte next, byte[] body, byte flags = 0)
    {
        var bytes = new byte[4 + body.Length];
        bytes[0] = next;
        bytes[1] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)bytes.Length);
        body.CopyTo(bytes, 4);
        return bytes;
    }

    /// <summary>A header (length computed unless given) followed by the concatenated payloads.</summary>
    public static byte[] Message(byte firstPayload, byte[] payloads, byte exchange = 34, byte flags = 0x08, byte version = 0x20, uint messageId = 0, uint? length = null)
    {
        var bytes = new byte[28 + payloads.Length];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, InitiatorSpi);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), ResponderSpi);
        bytes[16] = firstPayload;
        bytes[17] = version;
        bytes[18] = exchange;
        bytes[19] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), messageId);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(24), length ?? (uint)bytes.Length);
        payloads.CopyTo(bytes, 28);
        return bytes;
    }

    /// <summary>A message with a single payload of <paramref name="type"/> carrying <paramref name="body"/>.</summary>
    public static byte[] Single(byte type, byte[] body, byte flags = 0) => Message(type, Payload(0, body, flags));

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];

    /// <summary>A transform substructure.</summary>
    public static byte[] Transform(bool last, byte type, ushort id, params byte[][] attributes)
    {
        var attrs = Concat(attributes);
        return Concat([last ? (byte)0 : (byte)3, 0], U16(8 + attrs.Length), [type, 0], U16(id), attrs);
    }

    /// <summary>A TV Key Length attribute.</summary>
    public static byte[] KeyLength(int bits) => Concat([0x80, 14], U16(bits));

    /// <summary>A proposal substructure.</summary>
    public static byte[] Proposal(bool last, byte number, byte protocol, byte[] spi, params byte[][] transforms)
    {
        var body = Concat(transforms);
        return Concat([last ? (byte)0 : (byte)2, 0], U16(8 + spi.Length + body.Length), [number, protocol, (byte)spi.Length, (byte)transforms.Length], spi, body);
    }

    /// <summary>An IKE proposal with AES-GCM-16/256, PRF-HMAC-SHA256, Curve25519.</summary>
    public static byte[] IkeProposal(bool last = true, byte number = 1) =>
        Proposal(last, number, 1, [], Transform(false, 1, 20, KeyLength(256)), Transform(false, 2, 5), Transform(true, 4, 31));
}
