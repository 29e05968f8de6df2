using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>
/// Just enough ISAKMP (RFC 2408 §3.1–3.2) to pull payload bodies out of the lab's captured IKEv1 messages; test-only, the
/// real codec lives in DotSwan.Wire.
/// </summary>
internal sealed class IsakmpTestMessage
{
    public const int HeaderLength = 28;

    public IsakmpTestMessage(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }

    public ulong CookieI => BinaryPrimitives.ReadUInt64BigEndian(Bytes);

    public ulong CookieR => BinaryPrimitives.ReadUInt64BigEndian(Bytes.AsSpan(8));

    public byte FirstPayload => Bytes[16];

    public uint MessageId => BinaryPrimitives.ReadUInt32BigEndian(Bytes.AsSpan(20));

    /// <summary>Everything after the header: the encrypted part when the E flag is set.</summary>
    public byte[] Body => Bytes[HeaderLength..];

    /// <summary>The payloads of a plaintext payload chain: type, offset of the generic header, end offset.</summary>
    public static List<(byte Type, int Start, int End)> Walk(ReadOnlySpan<byte> chain, byte first)
    {
        var payloads = new List<(byte, int, int)>();
        int offset = 0;
        for (byte type = first; type != 0;)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(chain[(offset + 2)..]);
            payloads.Add((type, offset, offset + length));
            type = chain[offset];
            offset += length;
        }

        return payloads;
    }

    /// <summary>The body (after the 4-byte generic header) of the first payload of <paramref name="type"/>.</summary>
    public static byte[] PayloadBody(ReadOnlySpan<byte> chain, byte first, byte type)
    {
        (_, int start, int end) = Walk(chain, first).First(p => p.Type == type);
        return chain[(start + 4)..end].ToArray();
    }

    /// <summary>The plaintext payload chain of an unencrypted message.</summary>
    public byte[] PlainChain => Body;

    /// <summary>Decrypts the body with AES-CBC (no padding removal: ISAKMP pads inside, and the chain ends itself).</summary>
    public byte[] DecryptAesCbc(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        return aes.DecryptCbc(Body, iv, PaddingMode.None);
    }
}
