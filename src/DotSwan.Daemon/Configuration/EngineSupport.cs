namespace DotSwan.Daemon.Configuration;

/// <summary>
/// What a valid configuration asks for that the engines cannot do yet, as errors with the connection's position: the
/// daemon refuses to start on them and <c>dotswan config check</c> reports them, so nothing is silently ignored.
/// </summary>
public static class EngineSupport
{
    /// <summary>Every unsupported setting of <paramref name="config"/>.</summary>
    public static IReadOnlyList<ConfigError> Check(DotSwanConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<ConfigError>();
        foreach (var connection in config.Connections)
        {
            void Error(string key, string message) =>
                errors.Add(new ConfigError(config.Path, connection.KeyLine, 1, $"connections.{connection.Name}{(key.Length > 0 ? "." + key : "")}", message));

            if (connection.Version == 1)
            {
                foreach (var (key, message) in Ikev1ConfigReader.Unsupported(connection))
                {
                    Error(key, message);
                }
            }

            foreach (var child in connection.Children)
            {
                bool needsRemoteAddress = child.StartAction != ConnectionAction.None || child.CloseAction == ConnectionAction.Start;
                if (needsRemoteAddress && connection.RemoteAddresses.Count == 0)
                {
                    Error($"children.{child.Name}.start_action", "starting a connection needs remote_addrs (with %any we can only respond)");
                }

                if (child.RemoteTrafficSelectors.Any(s => s.IsDynamic) && connection.RemoteAddresses.Count == 0)
                {
                    Error($"children.{child.Name}.remote_ts", "dynamic needs the peer's address, but remote_addrs is %any; allowed: fixed selectors such as 10.1.0.0/24");
                }
            }
        }

        return errors;
    }
}
