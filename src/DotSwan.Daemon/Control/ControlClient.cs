using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace DotSwan.Daemon.Control;

/// <summary>The client side of the control API (used by the dotswan CLI): one request, one response, over the Unix socket.</summary>
public static class ControlClient
{
    /// <summary>Sends <paramref name="request"/> to the daemon at <paramref name="socketPath"/> and reads its answer.</summary>
    /// <exception cref="ControlUnavailableException">No daemon answers there (missing socket, refused, no permission, timeout).</exception>
    public static async Task<ControlResponse> SendAsync(string socketPath, ControlRequest request, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var cancel = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or UnauthorizedAccessException)
        {
            string why = e is SocketException { SocketErrorCode: SocketError.AccessDenied } or UnauthorizedAccessException
                ? "permission denied (the socket is owner-only: run as the daemon's user or root)"
                : e is OperationCanceledException ? "timed out" : e.Message;
            throw new ControlUnavailableException($"cannot reach the daemon at {socketPath}: {why}", e);
        }

        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, ControlJson.Options) + "\n");
            await stream.WriteAsync(line, cancel.Token).ConfigureAwait(false);
            using var reader = new StreamReader(stream, new UTF8Encoding(false));
            string? answer = await reader.ReadLineAsync(cancel.Token).ConfigureAwait(false)
                ?? throw new ControlUnavailableException($"the daemon at {socketPath} closed the connection without answering", null);
            return JsonSerializer.Deserialize<ControlResponse>(answer, ControlJson.Options)
                ?? throw new ControlUnavailableException($"the daemon at {socketPath} answered null", null);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or JsonException)
        {
            throw new ControlUnavailableException($"talking to the daemon at {socketPath} failed: {(e is OperationCanceledException ? "timed out" : e.Message)}", e);
        }
    }
}
