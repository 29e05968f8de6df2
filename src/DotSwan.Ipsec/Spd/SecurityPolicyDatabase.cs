namespace DotSwan.Ipsec.Spd;

/// <summary>
/// The Security Policy Database (RFC 4301 §4.4.1). Policies are kept per direction in an immutable array sorted by
/// precedence (<see cref="SecurityPolicy.CompareByPrecedence"/>); a lookup is a first-match scan of the current array,
/// lock-free and without allocation. Install and remove build a new array under a writer lock and publish it with one
/// reference swap, so a lookup sees either the old or the new database, never a mix.
/// </summary>
public sealed class SecurityPolicyDatabase
{
    private readonly Lock _writeLock = new();
    private Snapshot _snapshot = new([], [], []);

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
            var current = _snapshot;
            var all = current.In.Concat(current.Out).Concat(current.Forward).Where(p => p.Id != policy.Id).Append(policy);
            Volatile.Write(ref _snapshot, Snapshot.From(all));
        }
    }

    /// <summary>Removes the policy with <paramref name="id"/>; false if there is none.</summary>
    public bool Remove(uint id, out SecurityPolicy? removed)
    {
        lock (_writeLock)
        {
            var current = _snapshot;
            var all = current.In.Concat(current.Out).Concat(current.Forward).ToList();
            removed = all.Find(p => p.Id == id);
            if (removed is null)
            {
                return false;
            }

            all.Remove(removed);
            Volatile.Write(ref _snapshot, Snapshot.From(all));
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

        public static Snapshot From(IEnumerable<SecurityPolicy> policies)
        {
            var list = policies.ToList();
            SecurityPolicy[] Sorted(PolicyDirection direction)
            {
                var array = list.Where(p => p.Direction == direction).ToArray();
                Array.Sort(array, SecurityPolicy.CompareByPrecedence);
                return array;
            }

            return new Snapshot(Sorted(PolicyDirection.In), Sorted(PolicyDirection.Out), Sorted(PolicyDirection.Forward));
        }
    }
}
