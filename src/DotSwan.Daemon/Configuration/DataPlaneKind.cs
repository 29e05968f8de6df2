namespace DotSwan.Daemon.Configuration;

/// <summary>Which IPsec data plane the daemon drives.</summary>
public enum DataPlaneKind
{
    /// <summary>Userspace ESP in UDP over a TUN device (needs root or CAP_NET_ADMIN).</summary>
    Tun,

    /// <summary>SAs kept in memory only, no packets to or from the host (tests, the demo).</summary>
    Memory,
}
