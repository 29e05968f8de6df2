namespace DotSwan.Ike.Ikev2;

/// <summary>NAT traversal of one connection (RFC 7296 §2.23, RFC 3948).</summary>
/// <param name="ForceEncapsulation">
/// Like strongSwan's encap=yes: send a NAT_DETECTION_SOURCE_IP that cannot match, so that both sides float to UDP 4500
/// and encapsulate ESP in UDP even without a NAT (peers whose data plane only handles UDP-encapsulated ESP need it).
/// </param>
/// <param name="KeepaliveInterval">
/// How often a NAT-keepalive is sent while we are behind a NAT (strongSwan's keep_alive, 20 s); zero disables them.
/// </param>
public sealed record NatTraversalSettings(bool ForceEncapsulation = false, TimeSpan? KeepaliveInterval = null)
{
    /// <summary>strongSwan's default keepalive interval.</summary>
    public static readonly TimeSpan DefaultKeepaliveInterval = TimeSpan.FromSeconds(20);

    /// <summary>NAT detection on, no forced encapsulation, keepalives every 20 s.</summary>
    public static NatTraversalSettings Default { get; } = new();

    /// <summary>The keepalive interval in effect (zero: none).</summary>
    public TimeSpan EffectiveKeepaliveInterval => KeepaliveInterval ?? DefaultKeepaliveInterval;
}
