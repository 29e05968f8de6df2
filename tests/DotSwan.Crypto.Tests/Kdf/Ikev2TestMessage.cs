using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>
/// Just enough IKEv2 (RFC 7296 §3.1–3.3, §3.14; RFC 5282 AES-GCM) to open the lab's captured CREATE_CHILD_SA messages;
/// test-only, the real codec lives in DotSwan.Wire.
/// </summary>
internal sealed class Ikev2TestMessage
{
    private const int HeaderLength = 28, GenericHeaderLength = 4, GcmIvLength = 8, GcmIcvLength = 16, GcmSaltLength = 4;

    public Ikev2TestMessage(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }

    /// <summary>Decrypts the SK payload (it must be the first payload) with AES-GCM-16 and a key+salt SK_e; returns the inner payload chain and its first type.</summary>
    public (byte[] Chain, byte First) DecryptAesGcm16(ReadOnlySpan<byte> skE)
    {
        Assert.Equal(46, Bytes[16]); // Encrypted and Authenticated
        int skLength = BinaryPrimitives.ReadUInt16BigEndian(Bytes.AsSpan(HeaderLength + 2));
        ReadOnlySpan<byte> sk = Bytes.AsSpan(HeaderLength, skLength);
        ReadOnlySpan<byte> iv = sk.Slice(GenericHeaderLength, GcmIvLength);
        ReadOnlySpan<byte> ciphertext = sk[(GenericHeaderLength + GcmIvLength)..^GcmIcvLength];
        byte[] nonce = [.. skE[^GcmSaltLength..], .. iv];
        var plaintext = new byte[ciphertext.Length];
        using var gcm = new AesGcm(skE[..^GcmSaltLength], GcmIcvLength);
        gcm.Decrypt(nonce, ciphertext, sk[^GcmIcvLength..], plaintext, Bytes.AsSpan(0, HeaderLength + GenericHeaderLength));
        int padLength = plaintext[^1];
        return (plaintext[..^(padLength + 1)], sk[0]);
    }

    /// <summary>The body of the first payload of <paramref name="type"/> in a payload chain.</summary>
    public static byte[] PayloadBody(ReadOnlySpan<byte> chain, byte first, byte type)
    {
        int offset = 0;
        for (byte current = first; current != 0;)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(chain[(offset + 2)..]);
            if (current == type)
            {
                return chain[(offset + GenericHeaderLength)..(offset + length)].ToArray();
            }

            current = chain[offset];
            offset += length;
        }

        throw new InvalidOperationException($"no payload {type}");
    }

    /// <summary>The SPI of the first proposal of an SA payload body (RFC 7296 §3.3.1).</summary>
    public static byte[] FirstProposalSpi(ReadOnlySpan<byte> saBody) => saBody.Slice(8, saBody[6]).ToArray();
}
