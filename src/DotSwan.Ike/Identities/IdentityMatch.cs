namespace DotSwan.Ike.Identities;

/// <summary>How well a configured identity matches a peer's; larger is better, so configurations can be ranked.</summary>
public enum IdentityMatch
{
    /// <summary>No match.</summary>
    None = 0,

    /// <summary>Matched by <c>%any</c>.</summary>
    Any = 1,

    /// <summary>Matched by a wildcard (<c>*@example.com</c>, <c>*.example.com</c>, <c>CN=*</c>).</summary>
    Wildcard = 2,

    /// <summary>The same identity.</summary>
    Exact = 3,
}
