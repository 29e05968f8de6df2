using System.Net;
using System.Net.Sockets;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// Splits a protected IKE message into Encrypted Fragment (SKF) messages (RFC 7383 §2.5) when it would not fit the
/// configured fragment size: the inner payload chain is cut into chunks and each chunk is encrypted and authenticated
/// on its own under the message's header.
/// </summary>
internal static class MessageFragmenter
{
    private const int UdpHeaderLength = 8;
    private const int NonEspMarkerLength = 4;

    /// <summary>
    /// The largest IKE message that fits <paramref name="fragmentSize"/> (a whole IP datagram, strongSwan's
    /// fragment_size) once the IP header, the UDP header and on the NAT-T port the non-ESP marker are counted.
    /// </summary>
    public static int MaxMessageLength(int fragmentSize, IPEndPoint local, bool nonEspMarker) =>
        fragmentSize - (local.AddressFamily == AddressFamily.InterNetworkV6 ? 40 : 20) - UdpHeaderLength - (nonEspMarker ? NonEspMarkerLength : 0);

    /// <summary>
    /// Encrypts <paramref name="inner"/> under <paramref name="header"/> as SKF fragments of at most
    /// <paramref name="maxMessageLength"/> bytes each. Fails when not even a byte of payload fits or more than 65535
    /// fragments would be needed.
    /// </summary>
    public static bool TryFragment(IkeSaProtection protection, Ikev2Header header, IReadOnlyList<Ikev2Payload> inner, int maxMessageLength,
        out List<byte[]> fragments, out string reason)
    {
        fragments = [];
        var chain = new byte[Ikev2PayloadChain.GetEncodedLength(inner)];
        Ikev2PayloadChain.Encode(inner, chain);
        int chunk = protection.MaxFragmentChunk(maxMessageLength);
        if (chunk < 1)
        {
            reason = $"a fragment of {maxMessageLength} bytes has no room for payload";
            return false;
        }
        int total = Math.Max(1, (chain.Length + chunk - 1) / chunk);
        if (total > ushort.MaxValue)
        {
            reason = $"{chain.Length} bytes would need {total} fragments";
            return false;
        }
        var first = Ikev2PayloadChain.FirstPayloadType(inner);
        for (int i = 0; i < total; i++)
        {
            int start = i * chunk;
            var piece = chain.AsSpan(start, Math.Min(chunk, chain.Length - start));
            if (!protection.TrySealFragment(header, first, (ushort)(i + 1), (ushort)total, piece, out var datagram, out reason))
            {
                fragments.Clear();
                return false;
            }
            fragments.Add(datagram);
        }
        reason = "";
        return true;
    }
}
