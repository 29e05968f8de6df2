using System.Buffers.Binary;

namespace DotSwan.Wire.Tests.Ikev1;

/// <summary>Builds ISAKMP bytes by hand, following the RFC 2408 layouts, for the codec tests.</summary>
internal static class IsakmpBytes
{
    public const string CookieI = "0102030405060708";
    public const string CookieR = "1112131415161718";

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>A generic payload header (next, reserved, length) followed by the body; length is computed unless given.</summary>
    public static byte[] Payload(byte next, byte[] body, int? length = null, byte reserved = 0)
    {
        var result = new byte[4 + body.Length];
        result[0] = next;
        result[1] = reserved;
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(2), (ushort)(length ?? result.Length));
        body.CopyTo(result, 4);
        return result;
    }

    /// <summary>An ISAKMP header followed by <paramref name="body"/>; the Length field is computed unless given.</summary>
    public static byte[] Message(byte next, byte[] body, byte exchange = 2, byte flags = 0, uint messageId = 0, uint? length = null, byte version = 0x10)
    {
        var result = new byte[28 + body.Length];
        Hex(CookieI).CopyTo(result, 0);
        Hex(CookieR).CopyTo(result, 8);
        result[16] = next;
        result[17] = version;
        result[18] = exchange;
        result[19] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(20), messageId);
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(24), length ?? (uint)result.Length);
        body.CopyTo(result, 28);
        return result;
    }

    /// <summary>A transform (next 3 or 0) with the given attribute bytes.</summary>
    public static byte[] Transform(bool last, byte number, byte id, byte[] attributes, int? length = null, ushort reserved2 = 0)
    {
        var result = new byte[8 + attributes.Length];
        result[0] = last ? (byte)0 : (byte)3;
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(2), (ushort)(length ?? result.Length));
        result[4] = number;
        result[5] = id;
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(6), reserved2);
        attributes.CopyTo(result, 8);
        return result;
    }

    /// <summary>A proposal (next 2 or 0) with SPI and transforms; the transform count is computed unless given.</summary>
    public static byte[] Proposal(bool last, byte number, byte protocol, byte[] spi, byte[][] transforms, int? count = null, int? length = null, byte? next = null)
    {
        var body = Concat(transforms);
        var result = new byte[8 + spi.Length + body.Length];
        result[0] = next ?? (last ? (byte)0 : (byte)2);
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(2), (ushort)(length ?? result.Length));
        result[4] = number;
        result[5] = protocol;
        result[6] = (byte)spi.Length;
        result[7] = (byte)(count ?? transforms.Length);
        spi.CopyTo(result, 8);
        body.CopyTo(result, 8 + spi.Length);
        return result;
    }

    /// <summary>The body of an SA payload: IPsec DOI, SIT_IDENTITY_ONLY, then proposals.</summary>
    public static byte[] SaBody(params byte[][] proposals) => Concat(Hex("00000001 00000001"), Concat(proposals));

    public static byte[] Tv(ushort type, ushort value)
    {
        var result = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(result, (ushort)(0x8000 | type));
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(2), value);
        return result;
    }

    public static byte[] Tlv(ushort type, byte[] value, int? length = null)
    {
        var result = new byte[4 + value.Length];
        BinaryPrimitives.WriteUInt16BigEndian(result, type);
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(2), (ushort)(length ?? value.Length));
        value.CopyTo(result, 4);
        return result;
    }
}
