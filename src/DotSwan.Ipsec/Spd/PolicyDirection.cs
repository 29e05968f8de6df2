namespace DotSwan.Ipsec.Spd;

/// <summary>Which traffic a security policy applies to (RFC 4301 §4.4.1; the kernel's in/out/fwd).</summary>
public enum PolicyDirection
{
    /// <summary>Traffic arriving for this host: local is the packet's destination, remote its source.</summary>
    In,
    /// <summary>Traffic this host sends: local is the packet's source, remote its destination.</summary>
    Out,
    /// <summary>Traffic arriving to be forwarded (gateway): matched like <see cref="In"/>.</summary>
    Forward,
}
