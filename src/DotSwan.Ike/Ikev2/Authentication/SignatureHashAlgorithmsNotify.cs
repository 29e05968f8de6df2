using System.Buffers.Binary;
using DotSwan.Crypto.Signatures;

namespace DotSwan.Ike.Ikev2.Authentication;

/// <summary>The data of the SIGNATURE_HASH_ALGORITHMS notify (RFC 7427 §4): a list of 16-bit hash algorithm ids.</summary>
internal static class SignatureHashAlgorithmsNotify
{
    /// <summary>The hashes we announce and accept under AUTH method 14: SHA2-256, SHA2-384, SHA2-512 and Identity (RFC 8420).</summary>
    public static IReadOnlyList<SignatureHashAlgorithm> Supported { get; } =
        [SignatureHashAlgorithm.Sha256, SignatureHashAlgorithm.Sha384, SignatureHashAlgorithm.Sha512, SignatureHashAlgorithm.Identity];

    /// <summary>Notify data listing <paramref name="algorithms"/>.</summary>
    public static byte[] Encode(IReadOnlyList<SignatureHashAlgorithm> algorithms)
    {
        var data = new byte[algorithms.Count * 2];
        for (int i = 0; i < algorithms.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(i * 2), (ushort)algorithms[i]);
        }

        return data;
    }

    /// <summary>The ids in received notify data (unknown ids are kept as numbers); false for an odd length or no id.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out HashSet<SignatureHashAlgorithm> algorithms)
    {
        algorithms = [];
        if (data.IsEmpty || data.Length % 2 != 0) { return false; }
        for (int offset = 0; offset < data.Length; offset += 2)
        {
            algorithms.Add((SignatureHashAlgorithm)BinaryPrimitives.ReadUInt16BigEndian(data[offset..]));
        }

        return true;
    }
}
