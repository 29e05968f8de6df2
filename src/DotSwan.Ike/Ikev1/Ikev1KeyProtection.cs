namespace DotSwan.Ike.Ikev1;

/// <summary>
/// How long IKEv1 keys may live and how much they may protect, in the terms of the key-protection model: the phase 1
/// ("master") key and the Quick Mode ("session") keys derived from it. Whichever limit comes first triggers renegotiation.
/// </summary>
/// <param name="MasterKeyLifetime">Lifetime of the ISAKMP SA (phase 1), proposed as Life Duration in seconds. At 90% the phase 1 initiator renegotiates.</param>
/// <param name="SessionKeyLifetime">Lifetime of each IPsec SA pair (Quick Mode), in seconds. At 90% the Quick Mode initiator rekeys.</param>
/// <param name="SessionKeyLifeKilobytes">Byte cap per IPsec SA in kilobytes (default 100 MB); 0 means no byte limit. Enforced through <see cref="Ikev1Engine.ReportChildSaBytes"/>.</param>
/// <param name="SessionKeyUpdateLimit">
/// At most this many Quick Mode keys from one phase 1 keying material; the next one first renegotiates phase 1.
/// 0 means unlimited. Ignored when <see cref="SessionKeyPfs"/> is on: every session key then has its own DH secret.
/// </param>
/// <param name="SessionKeyPfs">A fresh DH exchange in every Quick Mode (the ESP proposal's group, else the phase 1 group).</param>
/// <param name="MasterKeyPfs">One Quick Mode per phase 1 SA: every new session key re-runs (and re-authenticates) phase 1.</param>
public sealed record Ikev1KeyProtection(
    TimeSpan MasterKeyLifetime,
    TimeSpan SessionKeyLifetime,
    ulong SessionKeyLifeKilobytes = Ikev1KeyProtection.DefaultSessionKeyLifeKilobytes,
    int SessionKeyUpdateLimit = 0,
    bool SessionKeyPfs = false,
    bool MasterKeyPfs = false)
{
    /// <summary>100 MB, the default byte cap of a session key.</summary>
    public const ulong DefaultSessionKeyLifeKilobytes = 100 * 1024;

    /// <summary>Phase 1 for 8 hours (28800 s, the RFC 2407 default), session keys for 1 hour or 100 MB, no update limit, no PFS.</summary>
    public static Ikev1KeyProtection Default { get; } = new(TimeSpan.FromHours(8), TimeSpan.FromHours(1));

    /// <summary>The fraction of a lifetime after which renegotiation starts.</summary>
    public const double RekeyFraction = 0.9;

    /// <summary>True when a new Quick Mode on a phase 1 SA that already derived <paramref name="used"/> session keys needs a new phase 1 first.</summary>
    public bool NeedsNewPhase1(int used, bool pfs) =>
        (MasterKeyPfs && used >= 1) || (!pfs && SessionKeyUpdateLimit > 0 && used >= SessionKeyUpdateLimit);
}
