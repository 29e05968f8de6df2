using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals;

namespace DotSwan.Daemon.Runtime;

/// <summary>What the daemon knows about one IKE SA beyond the engine's state (for status, DPD, up/down). Loop thread only.</summary>
internal sealed class IkeSaRecord(ulong initiatorSpi)
{
    // The child collections are made on first use: most IKE SAs (every responder's) never need them.
    private Dictionary<string, DateTimeOffset>? _pendingChildren;
    private List<string>? _followUpChildren;
    private List<string>? _upDetails;
    private HashSet<string>? _awaitedChildren;

    public ulong InitiatorSpi { get; } = initiatorSpi;

    public IkeSaId Id { get; set; } = new(initiatorSpi, 0);

    public string Connection { get; set; } = "";

    /// <summary>2 for an IKE SA of the IKEv2 engine, 1 for an ISAKMP SA of the IKEv1 engine.</summary>
    public int Version { get; set; } = 2;

    public bool Initiator { get; set; }

    public IPEndPoint? Local { get; set; }

    public IPEndPoint? Remote { get; set; }

    public IkeIdentity? RemoteIdentity { get; set; }

    public CryptoSuite? Suite { get; set; }

    public DateTimeOffset? EstablishedAt { get; set; }

    public DateTimeOffset? NextDpd { get; set; }

    public bool DeletedByUs { get; set; }

    /// <summary>Children (by name) we asked the engine for on this IKE SA and that are not up yet, with when we asked.</summary>
    public Dictionary<string, DateTimeOffset> PendingChildren => _pendingChildren ??= new(StringComparer.Ordinal);

    /// <summary>Whether <see cref="PendingChildren"/> holds any (without making it).</summary>
    public bool HasPendingChildren => _pendingChildren is { Count: > 0 };

    /// <summary>Children to create with CREATE_CHILD_SA once our IKE_AUTH is done (the first one asked for rides in IKE_AUTH).</summary>
    public List<string> FollowUpChildren => _followUpChildren ??= [];

    /// <summary>Whether <see cref="FollowUpChildren"/> holds any (without making it).</summary>
    public bool HasFollowUpChildren => _followUpChildren is { Count: > 0 };

    /// <summary>What the Child SAs an <c>up</c> command waits for became, for its answer.</summary>
    public List<string> UpDetails => _upDetails ??= [];

    /// <summary>Children an <c>up</c> command waits for on this IKE SA.</summary>
    public HashSet<string> AwaitedChildren => _awaitedChildren ??= new(StringComparer.Ordinal);
}
