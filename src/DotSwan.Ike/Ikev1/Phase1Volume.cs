using DotSwan.Ike.Engine;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// The phase 1 ("master key") lifetime in kilobytes (RFC 2407 §4.5 Life Type kilobytes in the ISAKMP transform): the bytes
/// the ISAKMP SA encrypted and decrypted (Quick Modes, informational exchanges) are counted by <see cref="IsakmpSaProtection"/>;
/// at 90% of the lower of both sides' limits the side that renews phase 1 starts a new one, at 100% the SA is deleted and
/// its IPsec SAs go to the SA that replaces it — as with the lifetime in seconds.
/// </summary>
internal static class Phase1Volume
{
    /// <summary>The lower of two kilobyte limits, where 0 means none.</summary>
    public static ulong Lower(ulong a, ulong b) => a == 0 ? b : b == 0 ? a : Math.Min(a, b);

    /// <summary>The negotiated limit in bytes, or 0 for none.</summary>
    public static ulong LimitBytes(IsakmpSa sa) => sa.Chosen is { LifeKilobytes: > 0 and var kb } ? kb * 1024 : 0;

    /// <summary>Renews or deletes an established SA whose byte count reached its limit.</summary>
    public static void Check(IsakmpSa sa, DateTimeOffset now, List<EngineOutput> outputs)
    {
        ulong limit = LimitBytes(sa);
        if (limit == 0 || !sa.IsEstablished || sa.Protection is not { } protection) { return; }
        if (protection.ProtectedBytes >= limit)
        {
            IsakmpSaTimers.Expire(sa, $"phase 1 (master key) lifetime of {sa.Chosen!.LifeKilobytes} KB reached ({protection.ProtectedBytes} bytes protected)",
                now, outputs);
        }
        else if (sa.RenewsPhase1 && !sa.RenewalStarted && protection.ProtectedBytes >= (ulong)(limit * Ikev1KeyProtection.RekeyFraction))
        {
            sa.Engine.Renew(sa, null, now, outputs);
        }
    }
}
