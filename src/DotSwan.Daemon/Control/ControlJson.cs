using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DotSwan.Daemon.Control;

/// <summary>JSON settings of the control protocol: snake_case names, enums as strings, one object per line.</summary>
public static class ControlJson
{
    /// <summary>The shared options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = false,
        // Readable timestamps and messages ('+', quotes) on a local socket; the output never lands in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Options for people (indented), same names.</summary>
    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
