using System.Globalization;

namespace DotSwan.Daemon.Configuration;

/// <summary>
/// One problem in a configuration file, said so a person can fix it: which file, which line and column, which key (a
/// dotted path such as <c>connections.lab.children.net.esp_proposals</c>) and what is wrong and allowed.
/// </summary>
/// <param name="File">The file (as given, or the secrets file it refers to).</param>
/// <param name="Line">1-based line, 0 when the problem concerns the whole file.</param>
/// <param name="Column">1-based column, 0 when unknown.</param>
/// <param name="Key">The dotted key path; empty for the file itself.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
public sealed record ConfigError(string File, int Line, int Column, string Key, string Message)
{
    /// <summary>"file:line:column: key: message", the form compilers use so editors can jump to it.</summary>
    public override string ToString()
    {
        string where = Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}") : File;
        return Key.Length > 0 ? $"{where}: {Key}: {Message}" : $"{where}: {Message}";
    }
}
