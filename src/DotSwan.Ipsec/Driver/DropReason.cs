namespace DotSwan.Ipsec.Driver;

/// <summary>Why a data plane dropped a packet; backends count drops by this reason.</summary>
public enum DropReason
{
    /// <summary>Not dropped.</summary>
    None,
    /// <summary>The IP (or outer) headers do not parse, or an IP fragment the backend does not reassemble.</summary>
    Malformed,
    /// <summary>A Discard policy matched.</summary>
    PolicyDiscard,
    /// <summary>The inner packet of an inbound SA does not match the policy the SA was installed for.</summary>
    PolicyMismatch,
    /// <summary>A clear-text inbound packet matched a Protect policy.</summary>
    Unprotected,
    /// <summary>No inbound SA has the packet's SPI and destination.</summary>
    UnknownSpi,
    /// <summary>The SA refused the packet (ICV, replay, lifetime, sequence overflow, …): its own counters tell the ESP reason.</summary>
    SaRefused,
    /// <summary>A TFC dummy packet (next header 59), discarded by design.</summary>
    DummyPacket,
    /// <summary>The packet fit no more into the queue of a pending acquire (the oldest packet is dropped).</summary>
    AcquireQueueFull,
    /// <summary>A packet held for an acquire waited too long, or its policy was deleted.</summary>
    AcquireExpired,
    /// <summary>The destination buffer is too small for the protected packet.</summary>
    DestinationTooSmall,
}
