using System.Net;

namespace DotSwan.Ipsec.Driver;

/// <summary>Names one installed SA in a driver: direction, SPI and outer destination address (as the kernel's (daddr, SPI, proto)).</summary>
/// <param name="Direction">Inbound or outbound.</param>
/// <param name="Spi">The SPI.</param>
/// <param name="Destination">The outer destination address.</param>
public readonly record struct SaId(SaDirection Direction, uint Spi, PacketAddress Destination)
{
    /// <summary>Builds an id from an <see cref="IPAddress"/>.</summary>
    public static SaId Of(SaDirection direction, uint spi, IPAddress destination) => new(direction, spi, PacketAddress.FromIPAddress(destination));

    /// <inheritdoc />
    public override string ToString() => $"{Direction} SA 0x{Spi:x8} to {Destination}";
}
