namespace DotSwan.Daemon.Control;

/// <summary>One configured connection or manual tunnel in <c>list-conns</c>.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Kind">ikev2, ikev1 or manual.</param>
/// <param name="LocalAddrs">Our addresses.</param>
/// <param name="RemoteAddrs">The peer's addresses (empty: %any).</param>
/// <param name="LocalId">Our identity.</param>
/// <param name="RemoteId">The peer's required identity.</param>
/// <param name="Auth">psk or pubkey (local/remote).</param>
/// <param name="Proposals">IKE proposals (or the manual ESP suite).</param>
/// <param name="Children">Children as "name: local_ts === remote_ts (esp, mode, start_action)".</param>
/// <param name="Up">Whether an SA of it is established or installed now.</param>
public sealed record ConnectionSummary(
    string Name,
    string Kind,
    IReadOnlyList<string> LocalAddrs,
    IReadOnlyList<string> RemoteAddrs,
    string? LocalId,
    string? RemoteId,
    string? Auth,
    IReadOnlyList<string> Proposals,
    IReadOnlyList<string> Children,
    bool Up);
