using System.Net;
using DotSwan.Ike.Proposals;

namespace DotSwan.Daemon.Configuration;

/// <summary>One IKE connection (<c>connections.NAME</c>), in strongSwan's swanctl.conf spirit.</summary>
/// <param name="Name">The connection's name.</param>
/// <param name="Version">IKE version, 1 or 2.</param>
/// <param name="LocalAddresses">Our addresses.</param>
/// <param name="RemoteAddresses">The peer's addresses (empty for %any: responder only).</param>
/// <param name="IkeProposals">IKE proposals in preference order.</param>
/// <param name="Local">Our identity and authentication.</param>
/// <param name="Remote">What we require of the peer.</param>
/// <param name="Children">The Child SAs.</param>
/// <param name="Lifetime">IKE SA lifetimes.</param>
/// <param name="DpdDelay">Dead peer detection interval, or null for none.</param>
/// <param name="ForceEncapsulation">Always UDP-encapsulate ESP (as strongSwan's <c>encap = yes</c>).</param>
/// <param name="KeyLine">The line of the connection's key, for messages after loading.</param>
/// <param name="RemotePort">The peer's IKE port (500).</param>
public sealed record ConnectionConfig(
    string Name,
    int Version,
    IReadOnlyList<IPAddress> LocalAddresses,
    IReadOnlyList<IPAddress> RemoteAddresses,
    IReadOnlyList<CryptoSuite> IkeProposals,
    AuthConfig Local,
    AuthConfig Remote,
    IReadOnlyList<ChildConfig> Children,
    LifetimeConfig Lifetime,
    TimeSpan? DpdDelay,
    bool ForceEncapsulation,
    int KeyLine,
    int RemotePort = 500)
{
    /// <summary>The IKEv1 settings (<c>aggressive</c>, <c>pfs_mode</c>, <c>session_key_update_limit</c>) of a version 1 connection; null for version 2.</summary>
    public Ikev1Options? Ikev1 { get; init; }
}
