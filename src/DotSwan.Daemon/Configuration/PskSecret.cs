using DotSwan.Ike.Identities;

namespace DotSwan.Daemon.Configuration;

/// <summary>A pre-shared key and the identities it serves (<c>secrets.ike[]</c>); matched like strongSwan: by the peers' identities.</summary>
/// <param name="Identities">The identities this secret is for (empty: any).</param>
/// <param name="Secret">The key bytes (UTF-8 of the text, or decoded 0x… hex).</param>
public sealed record PskSecret(IReadOnlyList<IkeIdentity> Identities, byte[] Secret)
{
    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"PSK for {string.Join(", ", Identities)} ({Secret.Length} bytes)";
}
