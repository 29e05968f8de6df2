namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>
/// The inbound check after decapsulation (RFC 4301 §5.2): does the inner packet match the selectors of the SA that
/// carried it? Without it, a peer holding a valid SA could inject traffic from any inner address.
/// Called on the inbound thread for every packet: must not allocate or block.
/// </summary>
public interface IInboundPolicy
{
    /// <summary>Whether <paramref name="securityAssociation"/> may carry an inner packet from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    bool Allows(SecurityAssociation securityAssociation, PacketAddress source, PacketAddress destination);
}
