namespace DotSwan.TestSupport.Captures;

/// <summary>One line of tshark's verbose decode, with the lines indented under it.</summary>
public sealed class TsharkNode
{
    public TsharkNode(string text)
    {
        Text = text;
        int colon = text.IndexOf(": ", StringComparison.Ordinal);
        Label = colon < 0 ? text : text[..colon];
        Value = colon < 0 ? "" : text[(colon + 2)..];
    }

    /// <summary>The whole line, trimmed.</summary>
    public string Text { get; }

    /// <summary>The part before the first ": " (the whole line when there is none).</summary>
    public string Label { get; }

    /// <summary>The part after the first ": ".</summary>
    public string Value { get; }

    public List<TsharkNode> Children { get; } = [];

    /// <summary>The direct children whose label is <paramref name="label"/>.</summary>
    public IEnumerable<TsharkNode> All(string label) => Children.Where(c => c.Label == label);

    /// <summary>The value of the only direct child labelled <paramref name="label"/>.</summary>
    public string this[string label] => Children.Single(c => c.Label == label).Value;

    public override string ToString() => Text;
}
