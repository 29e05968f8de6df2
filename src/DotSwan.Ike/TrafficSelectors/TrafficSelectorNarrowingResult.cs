namespace DotSwan.Ike.TrafficSelectors;

/// <summary>
/// Result of narrowing a Child SA's selectors: the TSi and TSr to answer with, or (when either side has nothing in
/// common with our policy) a failure to be answered with TS_UNACCEPTABLE (RFC 7296 §2.9) and a reason for the log.
/// </summary>
public sealed class TrafficSelectorNarrowingResult
{
    internal TrafficSelectorNarrowingResult(IReadOnlyList<TrafficSelector> initiator, IReadOnlyList<TrafficSelector> responder, string reason)
    {
        Initiator = initiator;
        Responder = responder;
        Reason = reason;
    }

    /// <summary>True when both lists are non-empty.</summary>
    public bool IsAcceptable => Initiator.Count > 0 && Responder.Count > 0;

    /// <summary>The narrowed TSi.</summary>
    public IReadOnlyList<TrafficSelector> Initiator { get; }

    /// <summary>The narrowed TSr.</summary>
    public IReadOnlyList<TrafficSelector> Responder { get; }

    /// <summary>Why it is unacceptable; empty when acceptable.</summary>
    public string Reason { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        IsAcceptable ? $"{string.Join(' ', Initiator)} === {string.Join(' ', Responder)}" : Reason;
}
