namespace DotSwan.Ipsec.Spd;

/// <summary>
/// The Security Policy Database (RFC 4301 §4.4.1). Policies are kept per direction in immutable sorted chunks in
/// precedence order (<see cref="SecurityPolicy.CompareByPrecedence"/>, <see cref="SortedPolicyChunks"/>); a lookup is a
/// first-match scan of the current chunks, lock-free and without allocation. Install and remove build new chunks for the
/// direction they change (one chunk copied, not every policy) under a writer lock and publish them with one reference
/// swap, so a lookup sees either the old or the new database, never a mix.
/// </summary>
public sealed class SecurityPolicyDatabase
{
    private static readonly Comparer<SecurityPolicy> PrecedenceComparer = Comparer<SecurityPolicy>.Create(SecurityPolicy.CompareByPrecedence);

    private readonly Lock _writeLock = new();
    private Snapshot _snapshot = new(SortedPolicyChunks.Empty, SortedPolicyChunks.Empty, SortedPolicyChunks.Empty);
    // The installed policy of each id (writers only): an install or removal finds it without scanning.
    private readonly Dictionary<uint, SecurityPolicy> _byId = [];

    /// <summary>How many policies are installed.</summary>
    public int Count
    {
        get
        {
            var snapshot = Volatile.Read(ref _snapshot);
            return snapshot.In.Count + snapshot.Out.Count + snapshot.Forward.Count;
        }
    }

    /// <summary>The installed policies of a direction, in lookup order (a copy).</summary>
    public IReadOnlyList<SecurityPolicy> Policies(PolicyDirection direction) => Volatile.Read(ref _snapshot).For(direction).ToArray();

    /// <summary>Installs <paramref name="policy"/>, atomically replacing a policy with the same id (in any direction).</summary>
    public void Install(SecurityPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        lock (_writeLock)
        {
            var next = _snapshot;
            if (_byId.TryGetValue(policy.Id, out var replaced))
            {
                next = next.With(replaced.Direction, next.For(replaced.Direction).Remove(replaced, PrecedenceComparer));
            }

            next = next.With(policy.Direction, next.For(policy.Direction).Insert(policy, PrecedenceComparer));
            _byId[policy.Id] = policy;
            Volatile.Write(ref _snapshot, next);
        }
    }

    /// <summary>Removes the policy with <paramref name="id"/>; false if there is none.</summary>
    public bool Remove(uint id, out SecurityPolicy? removed)
    {
        lock (_writeLock)
        {
            if (!_byId.Remove(id, out removed))
            {
                return false;
            }

            var current = _snapshot;
            Volatile.Write(ref _snapshot, current.With(removed.Direction, current.For(removed.Direction).Remove(removed, PrecedenceComparer)));
            return true;
        }
    }

    /// <summary>Finds the policy with <paramref name="id"/>.</summary>
    public bool TryGet(uint id, out SecurityPolicy? policy)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        policy = snapshot.In.Find(id) ?? snapshot.Out.Find(id) ?? snapshot.Forward.Find(id);
        return policy is not null;
    }

    /// <summary>
    /// The first policy, in precedence order, of <paramref name="direction"/> that matches <paramref name="packet"/>;
    /// false when none does. Lock-free and allocation-free.
    /// </summary>
    public bool TryLookup(PolicyDirection direction, in PacketSelector packet, out SecurityPolicy? policy) =>
        Volatile.Read(ref _snapshot).For(direction).TryFirstMatch(direction, packet, out policy);

    private sealed record Snapshot(SortedPolicyChunks In, SortedPolicyChunks Out, SortedPolicyChunks Forward)
    {
        public SortedPolicyChunks For(PolicyDirection direction) => direction switch
        {
            PolicyDirection.In => In,
            PolicyDirection.Out => Out,
            _ => Forward,
        };

        public Snapshot With(PolicyDirection direction, SortedPolicyChunks policies) => direction switch
        {
            PolicyDirection.In => this with { In = policies },
            PolicyDirection.Out => this with { Out = policies },
            _ => this with { Forward = policies },
        };
    }
}
