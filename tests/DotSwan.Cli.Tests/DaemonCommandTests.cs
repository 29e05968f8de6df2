using System.Text.Json;
using DotSwan.Cli.Commands;
using DotSwan.Daemon.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace DotSwan.Cli.Tests;

/// <summary>config check, and the control commands' output and exit codes against a control server in a temp directory.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DaemonCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dotswan-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Config = """
        daemon:
          data_plane: memory
          control_socket: /run/dotswan-cli-test/control.sock
        connections:
          lab:
            local_addrs: 192.0.2.2
            remote_addrs: 192.0.2.1
            proposals: aes256gcm16-prfsha256-x25519
            local: { id: b.lab.example }
            remote: { id: a.lab.example }
            children:
              net:
                local_ts: 10.2.0.0/24
                remote_ts: 10.1.0.0/24
        secrets:
          ike:
            - ids: [a.lab.example]
              secret: "a-long-enough-lab-secret-0123456789"
        """;

    private string Write(string name, string text, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public void Config_check_accepts_a_good_file()
    {
        string path = Write("good.yaml", Config);
        var (code, output, error) = Run(["config", "check", path]);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal($"{path}: OK, 1 connection(s), 0 manual tunnel(s), data plane memory, control socket /run/dotswan-cli-test/control.sock\n", output);
        Assert.Equal("", error);
    }

    [Fact]
    public void Config_check_lists_every_error_with_file_line_and_key_and_exits_2()
    {
        string path = Write("bad.yaml", Config.Replace("aes256gcm16-prfsha256-x25519", "aes256gcm16-prfsha256-x25520", StringComparison.Ordinal)
            .Replace("remote_ts: 10.1.0.0/24", "remote_ts: 10.1.0.0/40", StringComparison.Ordinal));
        var (code, output, error) = Run(["config", "check", path]);
        Assert.Equal(ExitCodes.UsageOrInputError, code);
        Assert.Equal("", output);
        Assert.Contains($"error: {path}:8:16: connections.lab.proposals:", error, StringComparison.Ordinal);
        Assert.Contains($"error: {path}:14:20: connections.lab.children.net.remote_ts:", error, StringComparison.Ordinal);
        Assert.EndsWith($"{path}: 2 error(s); nothing was started\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_check_refuses_secrets_readable_by_others()
    {
        string path = Write("open.yaml", Config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var (code, _, error) = Run(["config", "check", path]);
        Assert.Equal(ExitCodes.UsageOrInputError, code);
        Assert.Contains("accessible by group or others (mode 0604)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_check_reports_what_the_engines_cannot_do_yet()
    {
        // An AEAD IKE proposal has no IKEv1 phase 1 encoding.
        string path = Write("v1.yaml", Config.Replace("  lab:\n", "  lab:\n    version: 1\n", StringComparison.Ordinal));
        var (code, _, error) = Run(["config", "check", path]);
        Assert.Equal(ExitCodes.UsageOrInputError, code);
        Assert.Contains("connections.lab.proposals: none of IKE:AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519 can be proposed in an IKEv1 phase 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_check_accepts_an_ikev1_connection_and_refuses_ikev1_keys_on_ikev2()
    {
        string v1 = Config.Replace("  lab:\n", "  lab:\n    version: 1\n    aggressive: no\n    pfs_mode: session\n", StringComparison.Ordinal)
            .Replace("aes256gcm16-prfsha256-x25519", "aes256-sha256-modp2048", StringComparison.Ordinal);
        var (code, output, _) = Run(["config", "check", Write("v1ok.yaml", v1)]);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("OK, 1 connection(s)", output, StringComparison.Ordinal);

        string path = Write("v2bad.yaml", v1.Replace("    version: 1\n", "", StringComparison.Ordinal));
        var (badCode, _, error) = Run(["config", "check", path]);
        Assert.Equal(ExitCodes.UsageOrInputError, badCode);
        Assert.Contains($"error: {path}:6:17: connections.lab.aggressive: is an IKEv1 setting but this connection has version 2", error, StringComparison.Ordinal);
        Assert.Contains($"error: {path}:7:15: connections.lab.pfs_mode: is an IKEv1 setting", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Daemon_refuses_an_invalid_configuration_before_starting_anything()
    {
        string path = Write("bad.yaml", "daemon:\n  data_plane: xfrm\n");
        var (code, _, error) = Run(["daemon", "--config", path]);
        Assert.Equal(ExitCodes.UsageOrInputError, code);
        Assert.Contains($"{path}:2:15: daemon.data_plane: 'xfrm' is not allowed; allowed: tun, memory", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_commands_without_a_daemon_exit_3()
    {
        var (code, output, error) = Run(["--socket", Path.Combine(_dir, "none.sock"), "status"]);
        Assert.Equal(ExitCodes.DaemonUnreachable, code);
        Assert.Equal("", output);
        Assert.Contains("dotswan status: cannot reach the daemon at", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_prints_the_table_or_the_json_result_and_errors_map_to_exit_codes()
    {
        string socket = Path.Combine(_dir, "control.sock");
        await using var server = new ControlServer(socket, request => Task.FromResult(request.Command switch
        {
            "status" => ControlResponse.Success(StatusTableTests.Sample()),
            "down" when request.Target == "lab" => ControlResponse.Success(new ActionResult("lab", ["975d2c1a1198ed60_abe8d199be27a489"], "sent Delete for 1 IKE SA(s)")),
            "down" => ControlResponse.Failure(ControlErrorCodes.NotFound, $"'{request.Target}' is no connection"),
            "up" => ControlResponse.Failure(ControlErrorCodes.Timeout, "lab: no Child SA after 1 s"),
            "rekey" => ControlResponse.Failure(ControlErrorCodes.NotSupported, "cannot rekey yet"),
            _ => ControlResponse.Failure(ControlErrorCodes.UnknownCommand, "unknown"),
        }), NullLogger.Instance);
        server.Start();

        var table = await RunAsync(["--socket", socket, "status"]);
        Assert.Equal(ExitCodes.Success, table.Code);
        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "status.golden.txt")), table.Output);

        var json = await RunAsync(["status", "--json", "--socket", socket]);
        Assert.Equal(ExitCodes.Success, json.Code);
        var parsed = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal("975d2c1a1198ed60_abe8d199be27a489", parsed.GetProperty("ike_sas")[0].GetProperty("id").GetString());
        Assert.Equal(18, parsed.GetProperty("ike_sas")[0].GetProperty("children")[0].GetProperty("packets_in").GetInt64());

        var down = await RunAsync(["--socket", socket, "down", "lab"]);
        Assert.Equal((ExitCodes.Success, "lab: sent Delete for 1 IKE SA(s) [975d2c1a1198ed60_abe8d199be27a489]\n"), (down.Code, down.Output));
        Assert.Equal(ExitCodes.NotFound, (await RunAsync(["--socket", socket, "down", "nope"])).Code);
        var up = await RunAsync(["--socket", socket, "up", "lab", "--timeout", "1"]);
        Assert.Equal(ExitCodes.Timeout, up.Code);
        Assert.Equal("dotswan up: lab: no Child SA after 1 s (timeout)\n", up.Error);
        Assert.Equal(ExitCodes.PartialFailure, (await RunAsync(["--socket", socket, "rekey", "lab"])).Code);
    }

    [Fact]
    public void Every_command_has_help()
    {
        foreach (string command in new[] { "daemon", "config", "up", "down", "status", "list-conns", "stats", "rekey", "reload", "keys" })
        {
            var (code, output, _) = Run([command, "--help"]);
            Assert.Equal(0, code);
            Assert.Contains("Usage:", output, StringComparison.Ordinal);
        }
    }

    private static (int Code, string Output, string Error) Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Program.Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
