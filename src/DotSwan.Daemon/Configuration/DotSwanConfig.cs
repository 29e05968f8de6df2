namespace DotSwan.Daemon.Configuration;

/// <summary>A whole, validated configuration: daemon settings, IKE connections, secrets and manual tunnels.</summary>
/// <param name="Path">The file it came from.</param>
/// <param name="Daemon">Sockets, data plane, control socket, logging.</param>
/// <param name="Connections">IKE connections by name (file order).</param>
/// <param name="Secrets">Pre-shared keys.</param>
/// <param name="Manual">Manually keyed tunnels.</param>
public sealed record DotSwanConfig(
    string Path,
    DaemonSettings Daemon,
    IReadOnlyList<ConnectionConfig> Connections,
    IReadOnlyList<PskSecret> Secrets,
    IReadOnlyList<ManualTunnelConfig> Manual)
{
    /// <summary>The connection named <paramref name="name"/>, or null.</summary>
    public ConnectionConfig? FindConnection(string name) => Connections.FirstOrDefault(c => c.Name == name);
}
