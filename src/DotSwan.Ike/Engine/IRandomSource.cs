namespace DotSwan.Ike.Engine;

/// <summary>
/// The engine's only source of randomness (SPIs, nonces, CBC IVs, key exchange is separate). Injected so that tests
/// are deterministic; production uses <see cref="SystemRandomSource"/>.
/// </summary>
public interface IRandomSource
{
    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    void Fill(Span<byte> destination);
}
