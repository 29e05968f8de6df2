namespace DotSwan.Ipsec.Encapsulation;

/// <summary>
/// UDP encapsulation of ESP for NAT traversal (RFC 3948): on port 4500 an ESP packet is the UDP payload as is, IKE messages
/// are prefixed by the 4-byte non-ESP marker (zero, never a valid SPI), and a single 0xFF byte is a NAT-keepalive.
/// </summary>
public static class UdpEncapsulation
{
    /// <summary>Length of the non-ESP marker.</summary>
    public const int NonEspMarkerLength = 4;

    /// <summary>The NAT-keepalive byte.</summary>
    public const byte NatKeepaliveByte = 0xff;

    /// <summary>Classifies a UDP payload received on the NAT-T port. Never throws.</summary>
    public static UdpPayloadKind Classify(ReadOnlySpan<byte> udpPayload)
    {
        if (udpPayload.Length == 1)
        {
            return udpPayload[0] == NatKeepaliveByte ? UdpPayloadKind.NatKeepalive : UdpPayloadKind.Invalid;
        }

        if (udpPayload.Length < NonEspMarkerLength)
        {
            return UdpPayloadKind.Invalid;
        }

        if (udpPayload[..NonEspMarkerLength].IndexOfAnyExcept((byte)0) < 0)
        {
            return UdpPayloadKind.Ike;
        }

        // An ESP packet has at least SPI and sequence number.
        return udpPayload.Length >= Esp.EspPacket.HeaderLength ? UdpPayloadKind.Esp : UdpPayloadKind.Invalid;
    }

    /// <summary>Writes the non-ESP marker in front of an IKE message; returns the bytes written (4).</summary>
    public static int WriteNonEspMarker(Span<byte> destination)
    {
        destination[..NonEspMarkerLength].Clear();
        return NonEspMarkerLength;
    }

    /// <summary>Writes a NAT-keepalive payload; returns the bytes written (1).</summary>
    public static int WriteNatKeepalive(Span<byte> destination)
    {
        destination[0] = NatKeepaliveByte;
        return 1;
    }
}
