namespace DotSwan.Daemon.Control;

/// <summary>The result of <c>up</c> and <c>down</c>.</summary>
/// <param name="Target">What the command was about.</param>
/// <param name="IkeSas">The IKE SAs concerned (ids).</param>
/// <param name="Detail">What happened, in a sentence.</param>
public sealed record ActionResult(string Target, IReadOnlyList<string> IkeSas, string Detail);
