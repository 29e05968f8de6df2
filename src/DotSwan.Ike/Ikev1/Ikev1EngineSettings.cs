namespace DotSwan.Ike.Ikev1;

/// <summary>Engine-wide bounds of the IKEv1 engine.</summary>
/// <param name="MaxHalfOpen">Most responder ISAKMP SAs that are not yet established; further first messages are dropped (and counted).</param>
/// <param name="HalfOpenTimeout">A responder ISAKMP SA not established within this time is forgotten.</param>
/// <param name="Linger">How long a finished exchange or SA is kept to answer retransmissions of its last message.</param>
public sealed record Ikev1EngineSettings(int MaxHalfOpen, TimeSpan HalfOpenTimeout, TimeSpan Linger)
{
    /// <summary>1000 half-open SAs, 30 s to complete, 60 s of lingering.</summary>
    public static Ikev1EngineSettings Default { get; } = new(1000, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
}
