using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace DotSwan.Ike.Ikev2;

/// <summary>NAT_DETECTION_SOURCE_IP / _DESTINATION_IP data (RFC 7296 §2.23): SHA-1(SPIi | SPIr | IP address | port).</summary>
public static class NatDetection
{
    /// <summary>Length of the hash (SHA-1).</summary>
    public const int Length = 20;

    /// <summary>The notification data for <paramref name="endPoint"/> under the SPI pair (SPIr is 0 in the first request).</summary>
    public static byte[] Compute(ulong initiatorSpi, ulong responderSpi, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Span<byte> input = stackalloc byte[16 + 16 + 2];
        BinaryPrimitives.WriteUInt64BigEndian(input, initiatorSpi);
        BinaryPrimitives.WriteUInt64BigEndian(input[8..], responderSpi);
        endPoint.Address.TryWriteBytes(input[16..], out int addressLength);
        BinaryPrimitives.WriteUInt16BigEndian(input[(16 + addressLength)..], (ushort)endPoint.Port);
#pragma warning disable CA5350 // SHA-1 is what RFC 7296 §2.23 specifies; it is not used for security here.
        return SHA1.HashData(input[..(16 + addressLength + 2)]);
#pragma warning restore CA5350
    }
}
