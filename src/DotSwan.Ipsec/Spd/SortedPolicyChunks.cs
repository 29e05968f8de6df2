namespace DotSwan.Ipsec.Spd;

/// <summary>
/// The policies of one SPD direction in precedence order, immutable, held as a list of sorted chunks of at most
/// <see cref="MaxChunk"/> policies. A lookup walks the chunks in order (lock-free, no allocation, array speed); an insert
/// or a removal copies one chunk and the array of chunk references, O(MaxChunk + n / MaxChunk) instead of the O(n) copy
/// of one flat array, which made each Child SA install slower as a server held more of them.
/// </summary>
internal sealed class SortedPolicyChunks
{
    /// <summary>The most policies one chunk holds; a fuller chunk is split in two.</summary>
    internal const int MaxChunk = 256;

    private readonly SecurityPolicy[][] _chunks;

    private SortedPolicyChunks(SecurityPolicy[][] chunks, int count)
    {
        _chunks = chunks;
        Count = count;
    }

    /// <summary>No policies.</summary>
    public static SortedPolicyChunks Empty { get; } = new([], 0);

    /// <summary>How many policies.</summary>
    public int Count { get; }

    /// <summary>
    /// The first policy in precedence order that matches <paramref name="packet"/> for <paramref name="direction"/>.
    /// </summary>
    public bool TryFirstMatch(PolicyDirection direction, in PacketSelector packet, out SecurityPolicy? policy)
    {
        foreach (var chunk in _chunks)
        {
            foreach (var candidate in chunk)
            {
                if (candidate.Selector.Matches(direction, packet))
                {
                    policy = candidate;
                    return true;
                }
            }
        }

        policy = null;
        return false;
    }

    /// <summary>The policy with <paramref name="id"/>, or null (a scan).</summary>
    public SecurityPolicy? Find(uint id)
    {
        foreach (var chunk in _chunks)
        {
            foreach (var policy in chunk)
            {
                if (policy.Id == id)
                {
                    return policy;
                }
            }
        }

        return null;
    }

    /// <summary>All policies in precedence order (a new array).</summary>
    public SecurityPolicy[] ToArray()
    {
        var all = new SecurityPolicy[Count];
        int at = 0;
        foreach (var chunk in _chunks)
        {
            chunk.CopyTo(all, at);
            at += chunk.Length;
        }

        return all;
    }

    /// <summary>These policies with <paramref name="policy"/> added at its place in <paramref name="order"/> (a total order).</summary>
    public SortedPolicyChunks Insert(SecurityPolicy policy, IComparer<SecurityPolicy> order)
    {
        if (_chunks.Length == 0)
        {
            return new([[policy]], 1);
        }

        int c = ChunkFor(policy, order);
        var chunk = _chunks[c];
        int index = Array.BinarySearch(chunk, policy, order);
        if (index < 0)
        {
            index = ~index;
        }

        var grown = new SecurityPolicy[chunk.Length + 1];
        chunk.AsSpan(0, index).CopyTo(grown);
        grown[index] = policy;
        chunk.AsSpan(index).CopyTo(grown.AsSpan(index + 1));
        if (grown.Length <= MaxChunk)
        {
            var chunks = (SecurityPolicy[][])_chunks.Clone();
            chunks[c] = grown;
            return new(chunks, Count + 1);
        }

        // Split the full chunk in two halves.
        int half = grown.Length / 2;
        var split = new SecurityPolicy[_chunks.Length + 1][];
        _chunks.AsSpan(0, c).CopyTo(split);
        split[c] = grown[..half];
        split[c + 1] = grown[half..];
        _chunks.AsSpan(c + 1).CopyTo(split.AsSpan(c + 2));
        return new(split, Count + 1);
    }

    /// <summary>These policies without <paramref name="policy"/> (found by <paramref name="order"/>); this instance when it is not here.</summary>
    public SortedPolicyChunks Remove(SecurityPolicy policy, IComparer<SecurityPolicy> order)
    {
        if (_chunks.Length == 0)
        {
            return this;
        }

        int c = ChunkFor(policy, order);
        var chunk = _chunks[c];
        int index = Array.BinarySearch(chunk, policy, order);
        if (index < 0 || !ReferenceEquals(chunk[index], policy))
        {
            return this;
        }

        if (chunk.Length == 1)
        {
            var fewer = new SecurityPolicy[_chunks.Length - 1][];
            _chunks.AsSpan(0, c).CopyTo(fewer);
            _chunks.AsSpan(c + 1).CopyTo(fewer.AsSpan(c));
            return new(fewer, Count - 1);
        }

        var shrunk = new SecurityPolicy[chunk.Length - 1];
        chunk.AsSpan(0, index).CopyTo(shrunk);
        chunk.AsSpan(index + 1).CopyTo(shrunk.AsSpan(index));
        var chunks = (SecurityPolicy[][])_chunks.Clone();
        chunks[c] = shrunk;
        return new(chunks, Count - 1);
    }

    /// <summary>The chunk where <paramref name="policy"/> is or belongs: the first whose last policy does not precede it, else the last.</summary>
    private int ChunkFor(SecurityPolicy policy, IComparer<SecurityPolicy> order)
    {
        int low = 0, high = _chunks.Length - 1;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (order.Compare(_chunks[middle][^1], policy) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
