namespace DotSwan.Ipsec.Sad;

/// <summary>How the receiver finds an inbound SA (RFC 4301 §4.4.2): SPI, outer destination address and protocol.</summary>
/// <param name="Spi">The SPI in the packet.</param>
/// <param name="Destination">The outer destination address of the packet.</param>
/// <param name="Protocol">ESP or AH.</param>
public readonly record struct InboundSaKey(uint Spi, PacketAddress Destination, IpsecProtocol Protocol)
{
    /// <inheritdoc />
    public override string ToString() => $"{Protocol} 0x{Spi:x8} to {Destination}";
}
