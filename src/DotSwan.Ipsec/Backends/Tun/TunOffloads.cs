namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>
/// Offloads of a TUN device opened with a virtio-net header (TUNSETOFFLOAD): what the kernel may hand the reader
/// unfinished. With <see cref="TcpSegmentation"/> it passes TCP super-segments of up to 64 KB, which the data plane
/// segments itself; writes may then carry coalesced TCP segments the same way.
/// </summary>
[Flags]
public enum TunOffloads
{
    /// <summary>No virtio-net header: one read is one finished IP packet.</summary>
    None = 0,

    /// <summary>TUN_F_CSUM: packets may arrive with a partial transport checksum, completed by the data plane.</summary>
    Checksum = 1,

    /// <summary>TUN_F_TSO4 | TUN_F_TSO6: TCP super-segments over IPv4 and IPv6 (needs <see cref="Checksum"/>).</summary>
    TcpSegmentation = 2,

    /// <summary>TUN_F_USO4 | TUN_F_USO6 (Linux 6.2+): UDP super-segments (needs <see cref="Checksum"/>).</summary>
    UdpSegmentation = 4,

    /// <summary>Everything the data plane can handle.</summary>
    All = Checksum | TcpSegmentation | UdpSegmentation,
}
