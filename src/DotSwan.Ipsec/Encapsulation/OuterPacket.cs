namespace DotSwan.Ipsec.Encapsulation;

/// <summary>The outer headers of a received packet and where its ESP packet (or IKE message) lies.</summary>
/// <param name="Source">The outer source address.</param>
/// <param name="Destination">The outer destination address (with the SPI, the inbound SAD key).</param>
/// <param name="Protocol">The IP protocol (50 for ESP, 17 for UDP).</param>
/// <param name="Udp">The UDP ports when the packet came in UDP.</param>
/// <param name="PayloadOffset">Offset of the ESP packet (for <see cref="OuterPacketKind.UdpIke"/>: the IKE message after the marker).</param>
/// <param name="PayloadLength">Length of that payload.</param>
public readonly record struct OuterPacket(PacketAddress Source, PacketAddress Destination, byte Protocol, UdpEncapsulationPorts? Udp,
    int PayloadOffset, int PayloadLength)
{
    /// <summary>The payload range, for slicing the packet.</summary>
    public Range PayloadRange => new(PayloadOffset, PayloadOffset + PayloadLength);
}
