namespace DotSwan.Ike.Engine;

/// <summary>
/// A deterministic, seeded source for tests and simulations only: its output is predictable and must never be
/// used for real nonces, SPIs or IVs.
/// </summary>
public sealed class SeededRandomSource : IRandomSource
{
    private readonly Random _random;

    /// <summary>A source whose whole output is determined by <paramref name="seed"/>.</summary>
    public SeededRandomSource(int seed)
    {
#pragma warning disable CA5394 // Deliberately predictable: this type exists for reproducible tests.
        _random = new Random(seed);
#pragma warning restore CA5394
    }

    /// <inheritdoc />
    public void Fill(Span<byte> destination)
    {
#pragma warning disable CA5394 // See the constructor.
        _random.NextBytes(destination);
#pragma warning restore CA5394
    }
}
