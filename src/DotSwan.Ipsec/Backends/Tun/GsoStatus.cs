namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>The outcome of splitting a packet read from an offloading TUN device (<see cref="GsoSegmenter"/>).</summary>
internal enum GsoStatus
{
    /// <summary>Segmented (or, without GSO, copied with its checksum completed).</summary>
    Ok,

    /// <summary>The headers contradict the virtio-net header or are cut short.</summary>
    Malformed,

    /// <summary>A GSO type the data plane does not segment (UFO, TCP over IPv6 with extension headers …).</summary>
    Unsupported,

    /// <summary>More segments or bytes than the caller's room.</summary>
    NoRoom,
}
