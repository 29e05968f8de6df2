namespace DotSwan.Daemon.Control;

/// <summary>One IKE SA in <c>status</c>.</summary>
/// <param name="Id">"SPIi_SPIr" in hex (16 digits each), usable with <c>down</c>.</param>
/// <param name="Connection">The configured connection.</param>
/// <param name="Version">IKE version.</param>
/// <param name="State">The engine's state (established, sa_init_sent, deleting …).</param>
/// <param name="Initiator">Whether we initiated it.</param>
/// <param name="Local">Our IKE endpoint.</param>
/// <param name="Remote">The peer's IKE endpoint.</param>
/// <param name="RemoteId">The peer's authenticated identity (after authentication).</param>
/// <param name="Algorithms">The negotiated IKE suite.</param>
/// <param name="EstablishedAt">When it was authenticated.</param>
/// <param name="RekeyInSeconds">Seconds to the IKE SA's configured rekey time; null when not established.</param>
/// <param name="Children">Its Child SAs.</param>
public sealed record IkeSaStatus(
    string Id,
    string Connection,
    int Version,
    string State,
    bool Initiator,
    string? Local,
    string? Remote,
    string? RemoteId,
    string? Algorithms,
    DateTimeOffset? EstablishedAt,
    long? RekeyInSeconds,
    IReadOnlyList<ChildSaStatus> Children);
