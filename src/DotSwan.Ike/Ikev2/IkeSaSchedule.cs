using DotSwan.Ike.Engine;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// The timed work of an established IKE SA: its own rekey and hard expiry, the rekey and expiry of its Child SAs, and
/// exchanges waiting for the window (window size 1: one request of ours at a time). <see cref="Run"/> starts at most
/// one exchange, in this order: IKE SA expiry, queued work, a redundant SA's delete, IKE SA rekey, Child SA rekeys.
/// Child SA hard expiry is acted on even while an exchange is outstanding.
/// </summary>
internal sealed class IkeSaSchedule
{
    // How long to wait before retrying an exchange the peer answered with TEMPORARY_FAILURE (RFC 7296 §2.25: not at once).
    private static readonly TimeSpan RetryMin = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryMax = TimeSpan.FromSeconds(20);

    private readonly List<(DateTimeOffset At, string What, Func<IkeSa, List<EngineOutput>, bool> Start)> _tasks = [];

    /// <summary>When our rekey of the IKE SA starts.</summary>
    public DateTimeOffset IkeRekeyAt { get; set; } = DateTimeOffset.MaxValue;

    /// <summary>When the IKE SA is deleted if no rekey replaced it (rekey time + over time).</summary>
    public DateTimeOffset IkeExpireAt { get; set; } = DateTimeOffset.MaxValue;

    /// <summary>For an IKE SA made redundant by a simultaneous rekey: when we delete it ourselves if the peer has not.</summary>
    public DateTimeOffset RedundantDeleteAt { get; set; } = DateTimeOffset.MaxValue;

    /// <summary>TEMPORARY_FAILURE answers in a row to our IKE SA rekeys.</summary>
    public int IkeTemporaryFailures { get; set; }

    /// <summary>Sets the IKE SA's rekey and expiry times from <paramref name="lifetimes"/>, counting from <paramref name="now"/>.</summary>
    public void StartIkeLifetime(DateTimeOffset now, Ikev2Lifetimes lifetimes, IRandomSource random)
    {
        IkeRekeyAt = Ikev2Lifetimes.RekeyAt(now, lifetimes.IkeRekeyTime, lifetimes.IkeRandTime, random);
        // The hard lifetime counts from the unjittered rekey time, as strongSwan's rekey_time + over_time.
        IkeExpireAt = IkeRekeyAt == DateTimeOffset.MaxValue ? DateTimeOffset.MaxValue : now + lifetimes.IkeRekeyTime + lifetimes.IkeOverTime;
    }

    /// <summary>Sets a new Child SA's rekey and expiry times.</summary>
    public static void StartChildLifetime(ChildSa child, DateTimeOffset now, Ikev2Lifetimes lifetimes, IRandomSource random)
    {
        child.RekeyAt = Ikev2Lifetimes.RekeyAt(now, lifetimes.ChildRekeyTime, lifetimes.ChildRandTime, random);
        child.ExpireAt = lifetimes.ChildLifeTime <= TimeSpan.Zero ? DateTimeOffset.MaxValue : now + lifetimes.ChildLifeTime;
    }

    /// <summary>A random wait before retrying after TEMPORARY_FAILURE.</summary>
    public static TimeSpan RetryDelay(IRandomSource random) => RetryMin + (RetryMax - RetryMin) * Ikev2Lifetimes.Fraction(random);

    /// <summary>Queues an exchange to start once the window is free and <paramref name="at"/> has come. <paramref name="start"/> returns whether it sent a request.</summary>
    public void Enqueue(DateTimeOffset at, string what, Func<IkeSa, List<EngineOutput>, bool> start) => _tasks.Add((at, what, start));

    /// <summary>Takes over the queued work of <paramref name="other"/> (an IKE SA rekey moves the Child SAs here).</summary>
    public void TakeTasksFrom(IkeSaSchedule other)
    {
        _tasks.AddRange(other._tasks);
        other._tasks.Clear();
    }

    /// <summary>The earliest time <see cref="Run"/> has something to do for <paramref name="sa"/>.</summary>
    public DateTimeOffset? Deadline(IkeSa sa, bool busy)
    {
        var next = DateTimeOffset.MaxValue;
        foreach (var child in sa.Children)
        {
            if (child.State != ChildSaState.Deleting && child.ExpireAt < next) { next = child.ExpireAt; }
        }
        if (!busy && sa.State == IkeSaState.Established)
        {
            next = Min(next, IkeExpireAt, RedundantDeleteAt, IkeRekeyAt);
            foreach (var task in _tasks) { next = Min(next, task.At); }
            foreach (var child in sa.Children)
            {
                if (child.State == ChildSaState.Installed) { next = Min(next, child.RekeyAt); }
            }
        }
        return next == DateTimeOffset.MaxValue ? null : next;
    }

    /// <summary>Acts on whatever is due at <paramref name="sa"/>'s current time.</summary>
    public void Run(IkeSa sa, bool busy, List<EngineOutput> outputs)
    {
        var now = sa.Now;
        foreach (var child in sa.Children.Where(c => c.State != ChildSaState.Deleting && c.ExpireAt <= now).ToList())
        {
            // Hard lifetime: out of the driver now, and tell the peer when the window allows.
            sa.RemoveChild(child, outputs);
            uint spi = child.InboundSpi;
            Enqueue(now, $"delete expired Child SA {child}", (s, o) => ChildSaDeleteExchange.StartForSpi(s, spi, o));
        }
        if (busy || sa.State != IkeSaState.Established) { return; }
        if (IkeExpireAt <= now)
        {
            sa.StartDelete(now, outputs, "IKE SA lifetime expired before a rekey replaced it");
            return;
        }
        for (int i = 0; i < _tasks.Count; i++)
        {
            var task = _tasks[i];
            if (task.At > now) { continue; }
            _tasks.RemoveAt(i--);
            if (task.Start(sa, outputs)) { return; }
        }
        if (RedundantDeleteAt <= now)
        {
            RedundantDeleteAt = DateTimeOffset.MaxValue;
            sa.StartDelete(now, outputs, "redundant IKE SA of a simultaneous rekey that the peer did not delete");
            return;
        }
        if (IkeRekeyAt <= now)
        {
            IkeRekeyAt = DateTimeOffset.MaxValue;
            if (IkeRekeyExchange.Start(sa, null, outputs)) { return; }
        }
        foreach (var child in sa.Children)
        {
            if (child.State != ChildSaState.Installed || child.RekeyAt > now) { continue; }
            child.RekeyAt = DateTimeOffset.MaxValue;
            if (CreateChildSaExchange.Start(sa, child, null, outputs)) { return; }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b, DateTimeOffset c, DateTimeOffset d) => Min(Min(a, b), Min(c, d));
}
