using System.Net;

namespace DotSwan.Wire.Tests.Captures;

/// <summary>One UDP datagram from a capture; <see cref="Payload"/> is the UDP payload as sent.</summary>
public sealed record CapturedDatagram(int Frame, IPAddress Source, IPAddress Destination, int SourcePort, int DestinationPort, byte[] Payload)
{
    /// <summary>True when this is an IKE message: port 500, or port 4500 with the four-byte non-ESP marker (RFC 3948).</summary>
    public bool IsIke =>
        (SourcePort == 500 || DestinationPort == 500)
            ? Payload.Length >= 28
            : (SourcePort == 4500 || DestinationPort == 4500) && Payload.Length >= 32 && Payload[0] == 0 && Payload[1] == 0 && Payload[2] == 0 && Payload[3] == 0;

    /// <summary>The IKE message, without the non-ESP marker on port 4500.</summary>
    public ReadOnlyMemory<byte> IkeMessage =>
        (SourcePort == 4500 || DestinationPort == 4500) && SourcePort != 500 && DestinationPort != 500
            ? Payload.AsMemory(4)
            : Payload.AsMemory();
}
