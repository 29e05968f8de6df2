namespace DotSwan.Ipsec.Spd;

/// <summary>
/// One entry of the Security Policy Database (RFC 4301 §4.4.1): which traffic (<see cref="Selector"/>) in which
/// <see cref="Direction"/> gets which <see cref="Action"/>. A lower <see cref="Priority"/> value wins (as in the Linux
/// kernel); among equal priorities the more specific selector wins, then the lower <see cref="Id"/>.
/// </summary>
public sealed record SecurityPolicy
{
    /// <summary>Creates a policy; a Protect policy needs a <paramref name="template"/>, the others must not have one.</summary>
    public SecurityPolicy(uint id, PolicyDirection direction, PolicySelector selector, PolicyAction action, int priority = 0, SaTemplate? template = null)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if ((action == PolicyAction.Protect) != (template is not null))
        {
            throw new ArgumentException("a Protect policy needs an SA template; Bypass and Discard policies have none", nameof(template));
        }

        Id = id;
        Direction = direction;
        Selector = selector;
        Action = action;
        Priority = priority;
        Template = template;
    }

    /// <summary>The policy id, unique in the database (installing another policy with it replaces it).</summary>
    public uint Id { get; }

    /// <summary>In, out or forward.</summary>
    public PolicyDirection Direction { get; }

    /// <summary>The traffic covered.</summary>
    public PolicySelector Selector { get; }

    /// <summary>Protect, bypass or discard.</summary>
    public PolicyAction Action { get; }

    /// <summary>Lower values are looked at first.</summary>
    public int Priority { get; }

    /// <summary>The SA template of a Protect policy; null otherwise.</summary>
    public SaTemplate? Template { get; }

    /// <summary>Orders policies as lookups see them: priority, then specificity (most specific first), then id.</summary>
    public static int CompareByPrecedence(SecurityPolicy? x, SecurityPolicy? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? 1 : -1;
        }

        int byPriority = x.Priority.CompareTo(y.Priority);
        if (byPriority != 0)
        {
            return byPriority;
        }

        int bySpecificity = y.Selector.Specificity.CompareTo(x.Selector.Specificity);
        return bySpecificity != 0 ? bySpecificity : x.Id.CompareTo(y.Id);
    }

    /// <inheritdoc />
    public override string ToString() => $"policy {Id} {Direction} {Selector} {Action} prio {Priority}{(Template is { } t ? $" reqid {t.ReqId} {t.Mode}" : "")}";
}
