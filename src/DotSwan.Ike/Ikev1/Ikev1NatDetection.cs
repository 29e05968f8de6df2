using System.Buffers.Binary;
using System.Net;
using DotSwan.Crypto.Kdf;

namespace DotSwan.Ike.Ikev1;

/// <summary>NAT-D payload data (RFC 3947 §3.2): HASH(CKY-I | CKY-R | IP | Port) with the negotiated hash function.</summary>
internal static class Ikev1NatDetection
{
    public static byte[] Compute(Ikev1HashFunction hash, ulong cookieI, ulong cookieR, IPEndPoint endPoint)
    {
        Span<byte> input = stackalloc byte[16 + 16 + 2];
        BinaryPrimitives.WriteUInt64BigEndian(input, cookieI);
        BinaryPrimitives.WriteUInt64BigEndian(input[8..], cookieR);
        endPoint.Address.TryWriteBytes(input[16..], out int addressLength);
        BinaryPrimitives.WriteUInt16BigEndian(input[(16 + addressLength)..], (ushort)endPoint.Port);
        var digest = new byte[hash.Length];
        hash.Compute(input[..(16 + addressLength + 2)], digest);
        return digest;
    }
}
