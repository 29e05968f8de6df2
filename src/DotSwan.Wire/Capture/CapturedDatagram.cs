using System.Net;

namespace DotSwan.Wire.Capture;

/// <summary>One UDP datagram read from a capture file; <see cref="Payload"/> is the UDP payload as it was sent.</summary>
/// <param name="Frame">The 1-based frame number in the capture (as Wireshark numbers frames).</param>
/// <param name="Timestamp">When the frame was captured.</param>
/// <param name="Source">The IP source address.</param>
/// <param name="Destination">The IP destination address.</param>
/// <param name="SourcePort">The UDP source port.</param>
/// <param name="DestinationPort">The UDP destination port.</param>
/// <param name="Payload">The UDP payload.</param>
public sealed record CapturedDatagram(
    int Frame, DateTimeOffset Timestamp, IPAddress Source, IPAddress Destination, int SourcePort, int DestinationPort, byte[] Payload)
{
    private const int IkeHeaderLength = 28;
    private const int NonEspMarkerLength = 4;

    /// <summary>True for a datagram on the IKE port 500.</summary>
    public bool IsPort500 => SourcePort == 500 || DestinationPort == 500;

    /// <summary>
    /// True when this is an IKE message: on port 500 anything long enough for an IKE header; on NAT-T port 4500
    /// only with the four zero bytes of the non-ESP marker (RFC 3948), since UDP-encapsulated ESP shares that port.
    /// </summary>
    public bool IsIke =>
        IsPort500
            ? Payload.Length >= IkeHeaderLength
            : (SourcePort == 4500 || DestinationPort == 4500)
              && Payload.Length >= NonEspMarkerLength + IkeHeaderLength
              && Payload.AsSpan(0, NonEspMarkerLength).IndexOfAnyExcept((byte)0) < 0;

    /// <summary>The IKE message: the payload without the non-ESP marker on port 4500.</summary>
    public ReadOnlyMemory<byte> IkeMessage => IsPort500 ? Payload : Payload.AsMemory(NonEspMarkerLength);
}
