namespace DotSwan.Ipsec.Driver;

/// <summary>What became of an inbound packet.</summary>
public enum InboundAction
{
    /// <summary>Decapsulated and allowed by policy: the inner packet lies in the buffer at the result's range.</summary>
    Delivered,
    /// <summary>A clear-text packet that policy lets through as it is.</summary>
    Bypass,
    /// <summary>An IKE message or NAT-keepalive on the NAT-T port: for the IKE side, not the data plane.</summary>
    Control,
    /// <summary>Dropped; the reason says why.</summary>
    Dropped,
}
