namespace DotSwan.Ipsec.Driver;

/// <summary>What became of an outbound packet.</summary>
public enum OutboundAction
{
    /// <summary>Protected: the destination holds the outer ESP packet to send.</summary>
    Protected,
    /// <summary>Bypass: send the packet as it is.</summary>
    Bypass,
    /// <summary>Held for an acquire: sent once the SA is installed, or dropped.</summary>
    Queued,
    /// <summary>Dropped; the reason says why.</summary>
    Dropped,
}
