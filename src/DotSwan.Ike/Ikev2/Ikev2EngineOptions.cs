namespace DotSwan.Ike.Ikev2;

/// <summary>Engine-wide protection of the responder against IKE_SA_INIT floods (RFC 7296 §2.6).</summary>
/// <param name="CookieThreshold">
/// From how many half-open IKE SAs on the responder every new IKE_SA_INIT is answered statelessly with a COOKIE and
/// only a request that returns a valid cookie creates state (strongSwan 5.9.8's cookie_threshold, 30). Zero demands cookies
/// always; <see cref="int.MaxValue"/> never.
/// </param>
/// <param name="MaxHalfOpen">Hard limit of half-open IKE SAs: beyond it new IKE_SA_INIT requests are dropped, cookie or not.</param>
/// <param name="HalfOpenTimeout">How long a responder keeps an IKE SA that got no IKE_AUTH (strongSwan's half_open_timeout, 30 s).</param>
/// <param name="CookieSecretLifetime">How often the cookie secret is replaced (cookies of the previous secret stay valid one more period).</param>
public sealed record Ikev2EngineOptions(
    int CookieThreshold = 30,
    int MaxHalfOpen = 2048,
    TimeSpan? HalfOpenTimeout = null,
    TimeSpan? CookieSecretLifetime = null)
{
    /// <summary>strongSwan-like defaults.</summary>
    public static Ikev2EngineOptions Default { get; } = new();

    /// <summary>The half-open timeout in effect.</summary>
    public TimeSpan EffectiveHalfOpenTimeout => HalfOpenTimeout ?? TimeSpan.FromSeconds(30);

    /// <summary>The cookie secret lifetime in effect.</summary>
    public TimeSpan EffectiveCookieSecretLifetime => CookieSecretLifetime ?? TimeSpan.FromMinutes(2);
}
