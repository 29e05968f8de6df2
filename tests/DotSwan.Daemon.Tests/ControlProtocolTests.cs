using System.Net.Sockets;
using System.Text;
using DotSwan.Daemon.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace DotSwan.Daemon.Tests;

/// <summary>The control protocol over a real Unix domain socket in a temporary directory.</summary>
public sealed class ControlProtocolTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string SocketPath => Path.Combine(_dir.Path, "run", "control.sock");

    private static Task<ControlResponse> Echo(ControlRequest request) => Task.FromResult(request.Command switch
    {
        "status" => ControlResponse.Success(new StatusReport([], [])),
        "up" => ControlResponse.Success(new ActionResult(request.Target!, ["0123456789abcdef_fedcba9876543210"], "established")),
        "boom" => throw new InvalidOperationException("exploded"),
        _ => ControlResponse.Failure(ControlErrorCodes.UnknownCommand, $"unknown command '{request.Command}'"),
    });

    [Fact]
    public async Task Requests_and_responses_round_trip_and_the_socket_is_owner_only()
    {
        await using var server = new ControlServer(SocketPath, Echo, NullLogger.Instance);
        server.Start();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(SocketPath)!));

        var up = await ControlClient.SendAsync(SocketPath, new ControlRequest("up", "lab", TimeoutSeconds: 5), TimeSpan.FromSeconds(5));
        Assert.True(up.Ok);
        var result = up.ResultAs<ActionResult>()!;
        Assert.Equal(("lab", "established"), (result.Target, result.Detail));
        Assert.Equal(["0123456789abcdef_fedcba9876543210"], result.IkeSas);

        var status = await ControlClient.SendAsync(SocketPath, new ControlRequest("status"), TimeSpan.FromSeconds(5));
        Assert.Empty(status.ResultAs<StatusReport>()!.IkeSas);

        var unknown = await ControlClient.SendAsync(SocketPath, new ControlRequest("dance"), TimeSpan.FromSeconds(5));
        Assert.Equal((false, ControlErrorCodes.UnknownCommand), (unknown.Ok, unknown.Error));

        var boom = await ControlClient.SendAsync(SocketPath, new ControlRequest("boom"), TimeSpan.FromSeconds(5));
        Assert.Equal(ControlErrorCodes.Failed, boom.Error);
        Assert.Contains("exploded", boom.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_wire_format_is_one_json_object_per_line_with_snake_case_names()
    {
        await using var server = new ControlServer(SocketPath, Echo, NullLogger.Instance);
        server.Start();
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        await using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream);
        // Two requests on one connection, then garbage, then a request without a command.
        await stream.WriteAsync(Encoding.UTF8.GetBytes("{\"command\":\"up\",\"target\":\"lab\",\"timeout_seconds\":3}\n{\"command\":\"status\"}\nnot json\n{\"target\":\"x\"}\n"));
        string? first = await reader.ReadLineAsync();
        Assert.Equal("{\"ok\":true,\"result\":{\"target\":\"lab\",\"ike_sas\":[\"0123456789abcdef_fedcba9876543210\"],\"detail\":\"established\"}}", first);
        Assert.Equal("{\"ok\":true,\"result\":{\"ike_sas\":[],\"manual\":[]}}", await reader.ReadLineAsync());
        Assert.StartsWith("{\"ok\":false,\"error\":\"bad_request\",\"message\":\"not a JSON request", await reader.ReadLineAsync(), StringComparison.Ordinal);
        Assert.Equal("{\"ok\":false,\"error\":\"bad_request\",\"message\":\"a request needs \\\"command\\\"\"}", await reader.ReadLineAsync());
    }

    [Fact]
    public async Task A_second_server_on_a_live_socket_is_refused_and_a_stale_socket_file_is_replaced()
    {
        await using (var server = new ControlServer(SocketPath, Echo, NullLogger.Instance))
        {
            server.Start();
            await using var second = new ControlServer(SocketPath, Echo, NullLogger.Instance);
            var refused = Assert.Throws<InvalidOperationException>(second.Start);
            Assert.Contains("another daemon answers", refused.Message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(SocketPath), "the socket file is removed on stop");

        // A file left by a crashed daemon (.NET removes its own socket files on close, so a plain file stands in).
        File.WriteAllText(SocketPath, "stale");
        Assert.True(File.Exists(SocketPath));
        await using var replacement = new ControlServer(SocketPath, Echo, NullLogger.Instance);
        replacement.Start();
        Assert.True((await ControlClient.SendAsync(SocketPath, new ControlRequest("status"), TimeSpan.FromSeconds(5))).Ok);
    }

    [Fact]
    public async Task A_missing_daemon_is_reported_as_unavailable()
    {
        var e = await Assert.ThrowsAsync<ControlUnavailableException>(() => ControlClient.SendAsync(SocketPath, new ControlRequest("status"), TimeSpan.FromSeconds(2)));
        Assert.Contains(SocketPath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peer_credentials_are_read_from_the_socket()
    {
        await using var server = new ControlServer(SocketPath, Echo, NullLogger.Instance);
        server.Start();
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        // Our own end reports our uid: the check the server applies to every client.
        Assert.Equal(ControlServer.EffectiveUserId(), ControlServer.PeerUserId(client));
        Assert.True(ControlServer.EffectiveUserId() >= 0);
        Assert.Equal(0, server.RefusedPeers);
    }
}
