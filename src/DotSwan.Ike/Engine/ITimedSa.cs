namespace DotSwan.Ike.Engine;

/// <summary>An SA an engine keeps in its <see cref="SaTimerQueue{TSa}"/>: its next deadline and the one the queue holds for it.</summary>
internal interface ITimedSa
{
    /// <summary>The earliest time something of this SA must happen, or null when nothing is timed.</summary>
    DateTimeOffset? Deadline { get; }

    /// <summary>The deadline the engine's timer queue holds for this SA (engine bookkeeping; null: none queued).</summary>
    DateTimeOffset? QueuedDeadline { get; set; }
}
