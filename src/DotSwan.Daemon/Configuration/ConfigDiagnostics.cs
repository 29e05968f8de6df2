using YamlDotNet.RepresentationModel;

namespace DotSwan.Daemon.Configuration;

/// <summary>Collects errors and warnings of one file with their positions.</summary>
internal sealed class ConfigDiagnostics(string file)
{
    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigError> _warnings = [];

    /// <summary>The file the positions refer to.</summary>
    public string File { get; } = file;

    /// <summary>Errors so far.</summary>
    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary>Warnings so far.</summary>
    public IReadOnlyList<ConfigError> Warnings => _warnings;

    /// <summary>Reports an error at <paramref name="node"/>.</summary>
    public void Error(YamlNode node, string key, string message) =>
        _errors.Add(new ConfigError(File, (int)node.Start.Line, (int)node.Start.Column, key, message));

    /// <summary>Reports an error at a line (0: the whole file).</summary>
    public void Error(int line, int column, string key, string message) => _errors.Add(new ConfigError(File, line, column, key, message));

    /// <summary>Reports a warning at <paramref name="node"/>.</summary>
    public void Warning(YamlNode node, string key, string message) =>
        _warnings.Add(new ConfigError(File, (int)node.Start.Line, (int)node.Start.Column, key, message));

    /// <summary>Takes over another file's diagnostics (the secrets file).</summary>
    public void AddFrom(ConfigDiagnostics other)
    {
        _errors.AddRange(other._errors);
        _warnings.AddRange(other._warnings);
    }
}
