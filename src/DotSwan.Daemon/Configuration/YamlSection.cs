using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace DotSwan.Daemon.Configuration;

/// <summary>
/// One YAML mapping of the configuration with its dotted key path: typed getters that report every problem to the shared
/// error list with file, line, column and key (never throw), and a check for unknown keys that lists the allowed ones.
/// </summary>
internal sealed class YamlSection
{
    private readonly YamlMappingNode _node;
    private readonly ConfigDiagnostics _diagnostics;

    private YamlSection(YamlMappingNode node, string path, ConfigDiagnostics diagnostics)
    {
        _node = node;
        Path = path;
        _diagnostics = diagnostics;
    }

    /// <summary>Where problems go.</summary>
    public ConfigDiagnostics Diagnostics => _diagnostics;

    /// <summary>The dotted path of this mapping ("" for the root).</summary>
    public string Path { get; }

    /// <summary>The mapping's 1-based line.</summary>
    public int Line => (int)_node.Start.Line;

    /// <summary>The keys in file order.</summary>
    public IEnumerable<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    /// <summary>Wraps <paramref name="node"/> as a section, or reports that a mapping was expected and returns null.</summary>
    public static YamlSection? Of(YamlNode node, string path, ConfigDiagnostics diagnostics)
    {
        if (node is YamlMappingNode mapping)
        {
            return new YamlSection(mapping, path, diagnostics);
        }

        if (node is YamlScalarNode { Value: null or "" } && node.Start.Line > 0 && IsNull(node))
        {
            // "key:" with nothing after it is an empty mapping.
            return new YamlSection(new YamlMappingNode(), path, diagnostics);
        }

        diagnostics.Error(node, path, $"expected a mapping (key: value lines), found {Describe(node)}");
        return null;
    }

    /// <summary>The full path of child key <paramref name="key"/>.</summary>
    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>Reports keys other than <paramref name="allowed"/>.</summary>
    public void AllowOnly(params string[] allowed)
    {
        foreach (var key in _node.Children.Keys)
        {
            string name = key is YamlScalarNode scalar ? scalar.Value ?? "" : "";
            if (key is not YamlScalarNode)
            {
                _diagnostics.Error(key, Path, $"keys must be plain words, found {Describe(key)}");
            }
            else if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                string hint = allowed.FirstOrDefault(a => string.Equals(a, name.Replace('-', '_'), StringComparison.OrdinalIgnoreCase)) is { } close
                    ? $" (did you mean '{close}'?)"
                    : "";
                _diagnostics.Error(key, PathOf(name), $"unknown key '{name}'{hint}; allowed here: {string.Join(", ", allowed)}");
            }
        }
    }

    /// <summary>The node under <paramref name="key"/>, or null.</summary>
    public YamlNode? Node(string key) => _node.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    /// <summary>The nested mapping under <paramref name="key"/>, null when absent or not a mapping (reported).</summary>
    public YamlSection? Section(string key) => Node(key) is { } node ? Of(node, PathOf(key), _diagnostics) : null;

    /// <summary>The child mappings of this section, as (name, section) pairs: for <c>connections:</c>, <c>children:</c>, <c>manual:</c>.</summary>
    public IEnumerable<(string Name, YamlSection Section, int Line)> NamedSections()
    {
        foreach (var (key, value) in _node.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                _diagnostics.Error(key, Path, $"names must be plain words, found {Describe(key)}");
                continue;
            }

            if (Of(value, PathOf(name), _diagnostics) is { } section)
            {
                yield return (name, section, (int)key.Start.Line);
            }
        }
    }

    /// <summary>A scalar's text; reports a non-scalar or (when <paramref name="required"/>) a missing key.</summary>
    public string? Text(string key, bool required = false)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
            {
                _diagnostics.Error(_node, PathOf(key), "is required here");
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            _diagnostics.Error(node, PathOf(key), $"expected a single value, found {Describe(node)}");
            return null;
        }

        if (scalar.Value is null || (scalar.Value.Length == 0 && IsNull(scalar)))
        {
            if (required)
            {
                _diagnostics.Error(node, PathOf(key), "needs a value");
            }

            return null;
        }

        return scalar.Value;
    }

    /// <summary>A list written as a YAML sequence or as one comma-separated scalar (strongSwan style); null when absent.</summary>
    public IReadOnlyList<(string Text, YamlNode Node)>? List(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                return [.. (scalar.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part => (part, (YamlNode)scalar))];
            case YamlSequenceNode sequence:
                var items = new List<(string, YamlNode)>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { } value })
                    {
                        items.Add((value.Trim(), item));
                    }
                    else
                    {
                        _diagnostics.Error(item, PathOf(key), $"list items must be single values, found {Describe(item)}");
                    }
                }

                return items;
            default:
                _diagnostics.Error(node, PathOf(key), $"expected a value or a list, found {Describe(node)}");
                return null;
        }
    }

    /// <summary>The raw sequence under <paramref name="key"/> (items may be mappings), null when absent or not a sequence (reported).</summary>
    public IReadOnlyList<YamlNode>? Sequence(string key)
    {
        var node = Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlSequenceNode sequence)
        {
            return [.. sequence.Children];
        }

        _diagnostics.Error(node, PathOf(key), $"expected a list ('- item' lines), found {Describe(node)}");
        return null;
    }

    /// <summary>A boolean (yes/no, true/false, on/off); <paramref name="fallback"/> when absent or invalid (reported).</summary>
    public bool Bool(string key, bool fallback)
    {
        string? text = Text(key);
        if (text is null)
        {
            return fallback;
        }

        switch (text.ToLowerInvariant())
        {
            case "yes" or "true" or "on":
                return true;
            case "no" or "false" or "off":
                return false;
            default:
                ReportValue(key, $"'{text}' is not a yes/no value; allowed: yes, no, true, false");
                return fallback;
        }
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>] (decimal or 0x hex); <paramref name="fallback"/> when absent or invalid.</summary>
    public long Integer(string key, long fallback, long min, long max)
    {
        string? text = Text(key);
        if (text is null)
        {
            return fallback;
        }

        if (!ConfigValueParser.TryParseInteger(text, out long value) || value < min || value > max)
        {
            ReportValue(key, string.Create(CultureInfo.InvariantCulture, $"'{text}' is not allowed; allowed: an integer from {min} to {max}"));
            return fallback;
        }

        return value;
    }

    /// <summary>One of <paramref name="choices"/> (case-insensitive); <paramref name="fallback"/> when absent or invalid.</summary>
    public T Choice<T>(string key, T fallback, params (string Name, T Value)[] choices)
    {
        string? text = Text(key);
        if (text is null)
        {
            return fallback;
        }

        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        ReportValue(key, $"'{text}' is not allowed; allowed: {string.Join(", ", choices.Select(c => c.Name).Distinct())}");
        return fallback;
    }

    /// <summary>A duration (30, 30s, 5m, 1h, 1d); null when absent or invalid (reported).</summary>
    public TimeSpan? Duration(string key)
    {
        string? text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (!ConfigValueParser.TryParseDuration(text, out var value))
        {
            ReportValue(key, $"'{text}' is not a duration; allowed: a number with s, m, h or d (e.g. 30s, 5m, 1h); no unit means seconds");
            return null;
        }

        return value;
    }

    /// <summary>A byte count (1000, 500K, 100M, 2G); null when absent or invalid (reported).</summary>
    public ulong? Bytes(string key)
    {
        string? text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (!ConfigValueParser.TryParseBytes(text, out ulong value))
        {
            ReportValue(key, $"'{text}' is not a byte count; allowed: a number with an optional K, M, G or T (powers of 1024)");
            return null;
        }

        return value;
    }

    /// <summary>Reports a problem with the value under <paramref name="key"/> (at the value's position).</summary>
    public void ReportValue(string key, string message) => _diagnostics.Error(Node(key) ?? _node, PathOf(key), message);

    /// <summary>Reports a problem with this whole section.</summary>
    public void Report(string message) => _diagnostics.Error(_node, Path, message);

    /// <summary>A warning about the value under <paramref name="key"/>.</summary>
    public void WarnValue(string key, string message) => _diagnostics.Warning(Node(key) ?? _node, PathOf(key), message);

    /// <summary>How a node looks, for messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode { Value: { } value } => $"the value '{value}'",
        _ => "nothing",
    };

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode scalar && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && string.IsNullOrEmpty(scalar.Value);
}
