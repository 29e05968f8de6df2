namespace DotSwan.Ike.Proposals;

/// <summary>
/// A refused proposal string: the kind, the offending token (empty when the problem is the whole proposal), the token's
/// character offset in the input, and a message that says what is allowed.
/// </summary>
public readonly record struct ProposalError(ProposalErrorKind Kind, string Token, int Position, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Message;
}
