namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>
/// The outbound decision of the TUN data plane: which route (SA and peer) protects a packet read from the TUN device.
/// <see cref="StaticOutboundPolicy"/> is the manual-keying stand-in; an SPD-backed policy plugs in here later.
/// Called on the outbound thread for every packet: must not allocate or block.
/// </summary>
public interface IOutboundPolicy
{
    /// <summary>Finds the route for a packet from <paramref name="source"/> to <paramref name="destination"/>; false to drop it.</summary>
    bool TryFind(PacketAddress source, PacketAddress destination, out OutboundRoute? route);
}
