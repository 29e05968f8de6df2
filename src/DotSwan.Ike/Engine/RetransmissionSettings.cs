namespace DotSwan.Ike.Engine;

/// <summary>
/// Request retransmission with exponential back-off: the n-th retransmission (n = 1..<see cref="Tries"/>) is sent
/// Timeout · Base^(n-1) after the previous send, and the exchange gives up Timeout · Base^Tries after the last one.
/// The defaults are strongSwan's (retransmit_timeout 4 s, retransmit_base 1.8, retransmit_tries 5).
/// </summary>
/// <param name="Timeout">Wait after the first transmission.</param>
/// <param name="Base">Factor by which each further wait grows.</param>
/// <param name="Tries">Retransmissions before giving up.</param>
public sealed record RetransmissionSettings(TimeSpan Timeout, double Base, int Tries)
{
    /// <summary>strongSwan's defaults: 4 s, 1.8, 5 retransmissions.</summary>
    public static RetransmissionSettings Default { get; } = new(TimeSpan.FromSeconds(4), 1.8, 5);

    /// <summary>How long to wait after send number <paramref name="retransmits"/> (0 = the first transmission).</summary>
    public TimeSpan WaitAfter(int retransmits) => TimeSpan.FromTicks((long)(Timeout.Ticks * Math.Pow(Base, retransmits)));
}
