using System.Security.Cryptography;

namespace DotSwan.Ike.Engine;

/// <summary>Cryptographically strong randomness from the operating system (the production source).</summary>
public sealed class SystemRandomSource : IRandomSource
{
    /// <summary>The shared instance (stateless, thread-safe).</summary>
    public static SystemRandomSource Instance { get; } = new();

    /// <inheritdoc />
    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
