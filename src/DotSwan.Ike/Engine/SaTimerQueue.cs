namespace DotSwan.Ike.Engine;

/// <summary>
/// An engine's SAs (IKEv2 IKE SAs, IKEv1 ISAKMP SAs) ordered by their next deadline, so that the next deadline, the SAs
/// due at a timer and the SAs to forget are found without visiting every SA. An SA's deadline is recorded when the engine has touched the SA
/// (<see cref="Update"/>); entries superseded by a later update or by the SA's removal stay in the heap until they come
/// up and are skipped then, and the heap is rebuilt when such entries outnumber the live ones. A recorded deadline may
/// be earlier than the SA's real one (the SA is then visited early and does nothing), never later: whatever moves an
/// SA's deadline earlier must have the engine touch it.
/// </summary>
internal sealed class SaTimerQueue<TSa>
    where TSa : class, ITimedSa
{
    private PriorityQueue<TSa, DateTimeOffset> _heap = new();
    private int _live;

    /// <summary>How many times an SA's deadline was computed or an SA was taken from the queue (tests check that this stays per message, not per SA held).</summary>
    public long Visits { get; private set; }

    /// <summary>Entries in the heap, live and superseded.</summary>
    public int Count => _heap.Count;

    /// <summary>Records <paramref name="sa"/>'s current deadline (none when it has nothing timed).</summary>
    public void Update(TSa sa)
    {
        Visits++;
        var deadline = sa.Deadline;
        if (deadline == sa.QueuedDeadline) { return; }
        if (sa.QueuedDeadline is null) { _live++; }
        if (deadline is null) { _live--; }
        sa.QueuedDeadline = deadline;
        if (deadline is { } at) { _heap.Enqueue(sa, at); }
    }

    /// <summary>Forgets <paramref name="sa"/> (removed from the engine): its entries are skipped from now on.</summary>
    public void Remove(TSa sa)
    {
        if (sa.QueuedDeadline is not null) { _live--; }
        sa.QueuedDeadline = null;
    }

    /// <summary>The earliest recorded deadline, or null when no SA waits for time.</summary>
    public DateTimeOffset? Peek() => SkipSuperseded() && _heap.TryPeek(out _, out var at) ? at : null;

    /// <summary>Takes every SA whose recorded deadline is at or before <paramref name="now"/>; they have no recorded deadline until the next <see cref="Update"/>.</summary>
    public void TakeDue(DateTimeOffset now, List<TSa> due)
    {
        while (SkipSuperseded() && _heap.TryPeek(out var sa, out var at) && at <= now)
        {
            _heap.Dequeue();
            Visits++;
            sa.QueuedDeadline = null;
            _live--;
            due.Add(sa);
        }
    }

    /// <summary>The SA at the head of the queue when its recorded deadline has come (left on the queue); null otherwise.</summary>
    public TSa? PeekDue(DateTimeOffset now) =>
        SkipSuperseded() && _heap.TryPeek(out var sa, out var at) && at <= now ? sa : null;

    /// <summary>Drops superseded entries from the head; true when a live entry is at the head.</summary>
    private bool SkipSuperseded()
    {
        if (_heap.Count > 64 && _heap.Count > 4 * Math.Max(_live, 1)) { Rebuild(); }
        while (_heap.TryPeek(out var sa, out var at))
        {
            if (sa.QueuedDeadline == at) { return true; }
            _heap.Dequeue();
        }
        return false;
    }

    /// <summary>Keeps one entry per live SA (amortised: only when superseded entries are most of the heap).</summary>
    private void Rebuild()
    {
        var live = new List<(TSa, DateTimeOffset)>(_live);
        var seen = new HashSet<TSa>(ReferenceEqualityComparer.Instance);
        foreach (var (sa, at) in _heap.UnorderedItems)
        {
            if (sa.QueuedDeadline == at && seen.Add(sa)) { live.Add((sa, at)); }
        }
        _heap = new PriorityQueue<TSa, DateTimeOffset>(live);
    }
}
