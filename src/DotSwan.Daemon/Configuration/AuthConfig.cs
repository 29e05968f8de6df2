using DotSwan.Ike.Identities;

namespace DotSwan.Daemon.Configuration;

/// <summary>One side of a connection (<c>local:</c> or <c>remote:</c>): identity and authentication.</summary>
/// <param name="Identity">The identity (ours, or the one we require of the peer; <see cref="IkeIdentity.Any"/> for %any).</param>
/// <param name="Method">PSK or public key.</param>
/// <param name="Certificates">Our certificate chain files (local, public key), absolute paths.</param>
/// <param name="PrivateKey">Our private key file (local, public key), absolute path, or null.</param>
/// <param name="CaCertificates">Trusted CA files for the peer's certificate (remote, public key), absolute paths.</param>
/// <param name="RevocationLists">CRL files of those CAs (remote, public key), absolute paths; null or empty for none.</param>
public sealed record AuthConfig(
    IkeIdentity Identity,
    AuthMethod Method,
    IReadOnlyList<string> Certificates,
    string? PrivateKey,
    IReadOnlyList<string> CaCertificates,
    IReadOnlyList<string>? RevocationLists = null);
