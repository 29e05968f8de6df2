namespace DotSwan.Ike.Tests.Simulation;

/// <summary>Impairments of the simulated network, applied per datagram from a seeded random source.</summary>
/// <param name="Loss">Probability a datagram is dropped.</param>
/// <param name="Duplication">Probability a delivered datagram is delivered twice.</param>
/// <param name="MaxExtraDelay">Upper bound of a random extra delay per copy (reorders datagrams sent close together).</param>
internal sealed record NetworkConditions(double Loss, double Duplication, TimeSpan MaxExtraDelay)
{
    public static NetworkConditions Perfect { get; } = new(0, 0, TimeSpan.Zero);

    public static NetworkConditions BlackHole { get; } = new(1, 0, TimeSpan.Zero);
}
