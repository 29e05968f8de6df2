using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace DotSwan.Daemon.Control;

/// <summary>
/// The control API: a Unix domain stream socket (mode 0600, its directory created 0700) speaking JSON lines — one
/// <see cref="ControlRequest"/> per line in, one <see cref="ControlResponse"/> per line out (docs/control-api.md). Every
/// connection's peer credentials (SO_PEERCRED) are checked: only root and the daemon's own user are served.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    /// <summary>Longest request line accepted.</summary>
    public const int MaxLineLength = 64 * 1024;

    private const int MaxClients = 16;
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    private readonly string _path;
    private readonly Func<ControlRequest, Task<ControlResponse>> _execute;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _clients = new(MaxClients);
    private Socket? _listener;
    private Task? _accepting;

    /// <summary>A server on <paramref name="path"/> that answers with <paramref name="execute"/>.</summary>
    public ControlServer(string path, Func<ControlRequest, Task<ControlResponse>> execute, ILogger logger)
    {
        _path = path;
        _execute = execute;
        _logger = logger;
    }

    /// <summary>Requests refused because the peer was another user.</summary>
    public long RefusedPeers => Interlocked.Read(ref _refused);

    private long _refused;

    /// <summary>Creates the socket (replacing a stale one, refusing when another daemon answers on it) and starts accepting.</summary>
    public void Start()
    {
        string? directory = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        if (File.Exists(_path))
        {
            if (IsAnswering(_path))
            {
                throw new InvalidOperationException($"another daemon answers on the control socket {_path}");
            }

            File.Delete(_path);
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(_path));
            // Before listen(): nobody can connect yet, so no one slips in before the mode is tightened.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            listener.Listen(MaxClients);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _accepting = Task.Run(AcceptLoop);
        _logger.LogInformation("control socket {Path} (mode 0600)", _path);
    }

    /// <summary>Stops accepting, closes the socket and removes its file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_accepting is not null)
        {
            try
            {
                await _accepting.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        try
        {
            if (_listener is not null && File.Exists(_path))
            {
                File.Delete(_path);
            }
        }
        catch (IOException)
        {
        }

        _stop.Dispose();
        _clients.Dispose();
    }

    /// <summary>The effective user id of this process (from /proc/self/status), or -1 when unknown.</summary>
    internal static long EffectiveUserId()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    var fields = line[4..].Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(fields[1], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
        }

        return -1;
    }

    /// <summary>The peer's user id from SO_PEERCRED (struct ucred: pid, uid, gid), or -1.</summary>
    internal static long PeerUserId(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return -1;
        }

        try
        {
            Span<byte> credentials = stackalloc byte[12];
            int length = socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials);
            return length >= 8 ? BitConverter.ToUInt32(credentials[4..8]) : -1;
        }
        catch (SocketException)
        {
            return -1;
        }
    }

    private static bool IsAnswering(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task AcceptLoop()
    {
        long self = EffectiveUserId();
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            long peer = PeerUserId(client);
            if (peer != 0 && peer != self)
            {
                Interlocked.Increment(ref _refused);
                _logger.LogWarning("control socket: refused a client of user {Uid} (only root and user {Self} may control the daemon)", peer, self);
                client.Dispose();
                continue;
            }

            if (!await _clients.WaitAsync(0).ConfigureAwait(false))
            {
                client.Dispose();
                continue;
            }

            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(Socket client)
    {
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: true);
            using var reader = new StreamReader(stream, new UTF8Encoding(false), false, 4096, leaveOpen: true);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 4096, leaveOpen: true) { NewLine = "\n", AutoFlush = true };
            while (!_stop.IsCancellationRequested)
            {
                string? line = await ReadLineBounded(reader, _stop.Token).ConfigureAwait(false);
                if (line is null)
                {
                    return;
                }

                var response = await Answer(line).ConfigureAwait(false);
                await writer.WriteLineAsync(JsonSerializer.Serialize(response, ControlJson.Options)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            _clients.Release();
        }
    }

    private async Task<ControlResponse> Answer(string line)
    {
        ControlRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<ControlRequest>(line, ControlJson.Options);
        }
        catch (JsonException e)
        {
            return ControlResponse.Failure(ControlErrorCodes.BadRequest, $"not a JSON request: {e.Message}");
        }

        if (request?.Command is null)
        {
            return ControlResponse.Failure(ControlErrorCodes.BadRequest, "a request needs \"command\"");
        }

        try
        {
            return await _execute(request).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failing command answers with an error instead of dropping the client.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "control command {Command} failed", request.Command);
            return ControlResponse.Failure(ControlErrorCodes.Failed, $"{request.Command} failed inside the daemon: {e.Message}");
        }
    }

    private static async Task<string?> ReadLineBounded(StreamReader reader, CancellationToken token)
    {
        var line = new StringBuilder();
        var buffer = new char[1];
        while (true)
        {
            int read = await reader.ReadAsync(buffer.AsMemory(), token).ConfigureAwait(false);
            if (read == 0)
            {
                return line.Length > 0 ? line.ToString() : null;
            }

            if (buffer[0] == '\n')
            {
                return line.ToString();
            }

            if (line.Length >= MaxLineLength)
            {
                throw new IOException("request line too long");
            }

            line.Append(buffer[0]);
        }
    }
}
