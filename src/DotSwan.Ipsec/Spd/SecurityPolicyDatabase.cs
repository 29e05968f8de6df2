namespace DotSwan.Ipsec.Spd;

/// <summary>
/// The Security Policy Database (RFC 4301 §4.4.1). Policies are kept per direction in an immutable array sorted by
/// precedence (<see cref="SecurityPolicy.CompareByPrecedence"/>); a lookup is a first-match scan of the current array,
/// lock-free and without allocation. Install and remove build a new array for the direction they change under a writer lock and publish it with one
/// reference swap, so a lookup sees either the old or the new database, never a mix.
/// </summary>
public sealed class SecurityPolicyDatabase
{
    private static readonly Comparer<SecurityPolicy> PrecedenceComparer = Comparer<SecurityPolicy>.Create(SecurityPolicy.CompareByPrecedence);

    private readonly Lock _writeLock = new();
    private Snapshot _snapshot = new([], [], []);
    // Which direction holds each policy id (writers only): installing a new id no longer scans all three arrays for it.
    private readonly Dictionary<uint, PolicyDirection> _directions = [];

    /// <summary>How many policies are installed.</summary>
    public int Count
    {
        get
        {
            var snapshot = Volatile.Read(ref _snapshot);
            return snapshot.In.Length + snapshot.Out.Length + snapshot.Forward.Length;
        }
    }

    /// <summary>The installed policies of a direction, in lookup order.</summary>
    public IReadOnlyList<SecurityPolicy> Policies(PolicyDirection direction) => Volatile.Read(ref _snapshot).For(direction);

    /// <summary>Installs <paramref name="policy"/>, atomically replacing a policy with the same id (in any direction).</summary>
    public void Install(SecurityPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        lock (_writeLock)
        {
            // Only the arrays that change are copied, and the new policy goes in at its place: O(n) per install, where
            // re-sorting every policy made a server with thousands of Child SAs slow to add one more.
            var next = _snapshot;
            if (_directions.TryGetValue(policy.Id, out var replaced))
            {
                next = next.With(replaced, Without(next.For(replaced), policy.Id));
            }

            next = next.With(policy.Direction, Inserted(next.For(policy.Direction), policy));
            _directions[policy.Id] = policy.Direction;
            Volatile.Write(ref _snapshot, next);
        }
    }

    /// <summary>Removes the policy with <paramref name="id"/>; false if there is none.</summary>
    public bool Remove(uint id, out SecurityPolicy? removed)
    {
        lock (_writeLock)
        {
            var current = _snapshot;
            removed = _directions.Remove(id, out var direction) ? Find(current.For(direction), id) : null;
            if (removed is null)
            {
                return false;
            }

            Volatile.Write(ref _snapshot, current.With(removed.Direction, Without(current.For(removed.Direction), id)));
            return true;
        }
    }

    /// <summary>Finds the policy with <paramref name="id"/>.</summary>
    public bool TryGet(uint id, out SecurityPolicy? policy)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        policy = Find(snapshot.In, id) ?? Find(snapshot.Out, id) ?? Find(snapshot.Forward, id);
        return policy is not null;
    }

    /// <summary>
    /// The first policy, in precedence order, of <paramref name="direction"/> that matches <paramref name="packet"/>;
    /// false when none does. Lock-free and allocation-free.
    /// </summary>
    public bool TryLookup(PolicyDirection direction, in PacketSelector packet, out SecurityPolicy? policy)
    {
        var policies = Volatile.Read(ref _snapshot).For(direction);
        foreach (var candidate in policies)
        {
            if (candidate.Selector.Matches(direction, packet))
            {
                policy = candidate;
                return true;
            }
        }

        policy = null;
        return false;
    }

    private static SecurityPolicy[] Without(SecurityPolicy[] policies, uint id)
    {
        int index = Array.FindIndex(policies, p => p.Id == id);
        if (index < 0)
        {
            return policies;
        }

        var result = new SecurityPolicy[policies.Length - 1];
        policies.AsSpan(0, index).CopyTo(result);
        policies.AsSpan(index + 1).CopyTo(result.AsSpan(index));
        return result;
    }

    private static SecurityPolicy[] Inserted(SecurityPolicy[] sorted, SecurityPolicy policy)
    {
        // CompareByPrecedence is a total order (the id breaks ties), so this is the place a full sort would give it.
        int index = Array.BinarySearch(sorted, policy, PrecedenceComparer);
        if (index < 0)
        {
            index = ~index;
        }

        var result = new SecurityPolicy[sorted.Length + 1];
        sorted.AsSpan(0, index).CopyTo(result);
        result[index] = policy;
        sorted.AsSpan(index).CopyTo(result.AsSpan(index + 1));
        return result;
    }

    private static SecurityPolicy? Find(SecurityPolicy[] policies, uint id)
    {
        foreach (var policy in policies)
        {
            if (policy.Id == id)
            {
                return policy;
            }
        }

        return null;
    }

    private sealed record Snapshot(SecurityPolicy[] In, SecurityPolicy[] Out, SecurityPolicy[] Forward)
    {
        public SecurityPolicy[] For(PolicyDirection direction) => direction switch
        {
            PolicyDirection.In => In,
            PolicyDirection.Out => Out,
            _ => Forward,
        };

        public Snapshot With(PolicyDirection direction, SecurityPolicy[] policies) => direction switch
        {
            PolicyDirection.In => this with { In = policies },
            PolicyDirection.Out => this with { Out = policies },
            _ => this with { Forward = policies },
        };
    }
}
