namespace DotSwan.Ike.TrafficSelectors;

/// <summary>A refused traffic selector string: the offending text and what was expected.</summary>
public readonly record struct TrafficSelectorError(string Text, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Message;
}
