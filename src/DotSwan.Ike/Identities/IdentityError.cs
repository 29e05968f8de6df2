namespace DotSwan.Ike.Identities;

/// <summary>A refused identity string or ID payload: the input (as text) and what was expected.</summary>
public readonly record struct IdentityError(string Text, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Message;
}
