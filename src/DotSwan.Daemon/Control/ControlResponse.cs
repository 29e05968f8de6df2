using System.Text.Json;

namespace DotSwan.Daemon.Control;

/// <summary>One response line of the control protocol: ok with a result, or an error code and a message.</summary>
/// <param name="Ok">Whether the command succeeded.</param>
/// <param name="Error">A stable error code (see <see cref="ControlErrorCodes"/>) when not ok.</param>
/// <param name="Message">A sentence for people.</param>
/// <param name="Result">The command's result object.</param>
public sealed record ControlResponse(bool Ok, string? Error, string? Message, JsonElement? Result)
{
    /// <summary>A success with <paramref name="result"/>.</summary>
    public static ControlResponse Success<T>(T result, string? message = null) =>
        new(true, null, message, JsonSerializer.SerializeToElement(result, ControlJson.Options));

    /// <summary>A failure.</summary>
    public static ControlResponse Failure(string error, string message) => new(false, error, message, null);

    /// <summary>The result as <typeparamref name="T"/>.</summary>
    public T? ResultAs<T>() => Result is { } element ? element.Deserialize<T>(ControlJson.Options) : default;
}
