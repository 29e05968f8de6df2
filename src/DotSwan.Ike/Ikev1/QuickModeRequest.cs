namespace DotSwan.Ike.Ikev1;

/// <summary>A Quick Mode waiting to run (for instance behind a new phase 1); <see cref="Replaces"/> is the pair it rekeys, if any.</summary>
internal sealed record QuickModeRequest(Ikev1ChildSa? Replaces);
