namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>Why the TUN data plane dropped a packet (drops inside an SA are also counted by the SA, by <see cref="Esp.EspStatus"/>).</summary>
public enum DataPlaneDropReason
{
    /// <summary>Outbound: the TUN device gave something that is not an IPv4/IPv6 packet.</summary>
    NotIp,
    /// <summary>Outbound: no route (policy) covers the destination.</summary>
    NoPolicy,
    /// <summary>Outbound: the SA refused to encapsulate (expired, sequence numbers used up, too large).</summary>
    EncapsulationRefused,
    /// <summary>Outbound: the UDP socket refused the datagram.</summary>
    SendFailed,
    /// <summary>Inbound: no inbound SA has the SPI (for our address).</summary>
    UnknownSpi,
    /// <summary>Inbound: the SA dropped the packet (replay, bad ICV, bad padding, malformed inner packet, expired).</summary>
    DecapsulationFailed,
    /// <summary>Inbound: a TFC dummy packet (next header 59), discarded as RFC 4303 §2.6 asks.</summary>
    DummyPacket,
    /// <summary>Inbound: the TUN device refused the inner packet.</summary>
    TunWriteFailed,
    /// <summary>Inbound: the inner packet does not match the selectors of the SA that carried it (RFC 4301 §5.2).</summary>
    InboundPolicy,
    /// <summary>Outbound: an offloading TUN device handed over a packet that could not be split (malformed headers, unsupported GSO type).</summary>
    SegmentationRefused,
}
