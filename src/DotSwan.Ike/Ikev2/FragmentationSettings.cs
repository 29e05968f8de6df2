namespace DotSwan.Ike.Ikev2;

/// <summary>IKEv2 message fragmentation (RFC 7383) of one connection.</summary>
/// <param name="Enabled">Whether IKEV2_FRAGMENTATION_SUPPORTED is announced and accepted (strongSwan's fragmentation=yes).</param>
/// <param name="FragmentSize">
/// The largest IP datagram a sent fragment may make, IP and UDP headers (and the non-ESP marker on 4500) included —
/// strongSwan's charon.fragment_size. Protected messages that would make a larger datagram are sent as SKF fragments.
/// The default, 1280, is the IPv6 minimum MTU.
/// </param>
/// <param name="MaxFragments">How many fragments a received message may have at most.</param>
/// <param name="MaxMessageSize">How large a reassembled message may become at most (decrypted payload bytes).</param>
/// <param name="ReassemblyTimeout">How long incomplete fragments of a message are kept before they are dropped.</param>
public sealed record FragmentationSettings(
    bool Enabled = true,
    int FragmentSize = 1280,
    int MaxFragments = 64,
    int MaxMessageSize = 65536,
    TimeSpan? ReassemblyTimeout = null)
{
    /// <summary>Fragmentation on with strongSwan-like defaults.</summary>
    public static FragmentationSettings Default { get; } = new();

    /// <summary>The reassembly timeout in effect (default 30 s).</summary>
    public TimeSpan EffectiveReassemblyTimeout => ReassemblyTimeout ?? TimeSpan.FromSeconds(30);
}
