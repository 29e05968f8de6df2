using DotSwan.Ike.Engine;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// When an IKE SA and its Child SAs are rekeyed and when they expire, as strongSwan's swanctl.conf words it: an IKE SA is
/// rekeyed <see cref="IkeRekeyTime"/> after it was created, less a random share of <see cref="IkeRandTime"/>, and deleted
/// <see cref="IkeRekeyTime"/> + <see cref="IkeOverTime"/> after it was created if no rekey replaced it; a Child SA is rekeyed <see cref="ChildRekeyTime"/>
/// less a random share of <see cref="ChildRandTime"/> after it was installed, and expires (hard) after <see cref="ChildLifeTime"/>.
/// A zero rekey time turns that rekeying off.
/// </summary>
/// <param name="IkeRekeyTime">IKE SA rekey interval (strongSwan rekey_time, 4 h).</param>
/// <param name="IkeOverTime">How long an IKE SA lives past its rekey time when the rekey fails (over_time, 10% of rekey_time).</param>
/// <param name="IkeRandTime">Upper bound of the random amount taken off the IKE rekey time (rand_time, defaults to over_time).</param>
/// <param name="ChildRekeyTime">Child SA rekey interval (children rekey_time, 1 h).</param>
/// <param name="ChildLifeTime">Child SA hard lifetime (life_time, rekey_time + 10%).</param>
/// <param name="ChildRandTime">Upper bound of the random amount taken off the Child rekey time (rand_time, life_time - rekey_time).</param>
public sealed record Ikev2Lifetimes(
    TimeSpan IkeRekeyTime,
    TimeSpan IkeOverTime,
    TimeSpan IkeRandTime,
    TimeSpan ChildRekeyTime,
    TimeSpan ChildLifeTime,
    TimeSpan ChildRandTime)
{
    /// <summary>strongSwan's defaults: IKE rekey 4 h (over and rand 24 min), Child rekey 1 h, life 66 min, rand 6 min.</summary>
    public static Ikev2Lifetimes Default { get; } = FromRekeyTimes(TimeSpan.FromHours(4), TimeSpan.FromHours(1));

    /// <summary>Lifetimes derived from two rekey times the way strongSwan fills in the others (10% margins).</summary>
    public static Ikev2Lifetimes FromRekeyTimes(TimeSpan ikeRekeyTime, TimeSpan childRekeyTime)
    {
        var over = ikeRekeyTime / 10;
        var childLife = childRekeyTime + childRekeyTime / 10;
        return new Ikev2Lifetimes(ikeRekeyTime, over, over, childRekeyTime, childLife, childLife - childRekeyTime);
    }

    /// <summary>When a rekey due <paramref name="rekeyTime"/> after <paramref name="start"/> is started, less a random share of <paramref name="randTime"/>; never when the rekey time is zero.</summary>
    internal static DateTimeOffset RekeyAt(DateTimeOffset start, TimeSpan rekeyTime, TimeSpan randTime, IRandomSource random)
    {
        if (rekeyTime <= TimeSpan.Zero) { return DateTimeOffset.MaxValue; }
        var jitter = randTime <= TimeSpan.Zero || randTime >= rekeyTime ? TimeSpan.Zero : TimeSpan.FromTicks((long)(randTime.Ticks * Fraction(random)));
        return start + rekeyTime - jitter;
    }

    /// <summary>A uniform value in [0, 1) from <paramref name="random"/>.</summary>
    internal static double Fraction(IRandomSource random)
    {
        Span<byte> bytes = stackalloc byte[8];
        random.Fill(bytes);
        return (System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes) >> 11) * (1.0 / (1UL << 53));
    }
}
