namespace DotSwan.Daemon.Configuration;

/// <summary>The outcome of reading a configuration: the model when valid, otherwise every problem found.</summary>
/// <param name="Config">The configuration, or null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every problem, in file order.</param>
/// <param name="Warnings">Things that work but deserve a look (e.g. settings the engines ignore today).</param>
public sealed record ConfigLoadResult(DotSwanConfig? Config, IReadOnlyList<ConfigError> Errors, IReadOnlyList<ConfigError> Warnings)
{
    /// <summary>True when the configuration is usable.</summary>
    public bool IsValid => Config is not null && Errors.Count == 0;
}
