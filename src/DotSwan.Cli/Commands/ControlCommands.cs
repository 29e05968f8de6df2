using System.CommandLine;
using System.Text.Json;
using DotSwan.Cli.Status;
using DotSwan.Daemon.Configuration;
using DotSwan.Daemon.Control;

namespace DotSwan.Cli.Commands;

/// <summary>
/// The commands that talk to a running daemon over its control socket: up, down, status, list-conns, stats, rekey and
/// keys export. All take <c>--socket</c> (default /run/dotswan/control.sock, or $DOTSWAN_SOCKET).
/// </summary>
internal static class ControlCommands
{
    public static Option<string> SocketOption { get; } = new("--socket")
    {
        Description = "The daemon's control socket (daemon.control_socket); default $DOTSWAN_SOCKET or " + DaemonSettings.DefaultControlSocket + ".",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DOTSWAN_SOCKET") is { Length: > 0 } env ? env : DaemonSettings.DefaultControlSocket,
        Recursive = true,
    };

    public static IEnumerable<Command> Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the daemon's JSON result (one object) for scripts instead of a table." };

        var upName = new Argument<string>("connection") { Description = "A connection (all its children), one child (CONNECTION/CHILD, or CHILD when only one connection has it) or a manual tunnel (see list-conns)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the Child SAs (default 30).", DefaultValueFactory = _ => 30 };
        var up = new Command("up", "Initiate a connection or one of its children (or install a manual tunnel) and wait until the Child SAs are established.") { upName, timeout, json };
        up.SetAction((parse, _) => RunAsync(parse, new ControlRequest("up", parse.GetValue(upName), TimeoutSeconds: parse.GetValue(timeout)),
            TimeSpan.FromSeconds(parse.GetValue(timeout) + 5), parse.GetValue(json), r => Describe(r.ResultAs<ActionResult>())));

        var downTarget = new Argument<string>("target") { Description = "A connection, a child (CONNECTION/CHILD), a manual tunnel, an IKE SA id (SPIi_SPIr) or a Child SA SPI (hex)." };
        var down = new Command("down", "Delete the IKE SAs of a connection (sending Delete), the Child SAs of one child, one IKE SA, one Child SA, or a manual tunnel.") { downTarget, json };
        down.SetAction((parse, _) => RunAsync(parse, new ControlRequest("down", parse.GetValue(downTarget)), Default, parse.GetValue(json),
            r => Describe(r.ResultAs<ActionResult>())));

        var status = new Command("status", "Show IKE and Child SAs: peer, state, algorithms, SPIs, bytes and packets, time to rekey.") { json };
        status.SetAction((parse, _) => RunAsync(parse, new ControlRequest("status"), Default, parse.GetValue(json),
            r => StatusTable.Format(r.ResultAs<StatusReport>()!)));

        var list = new Command("list-conns", "List the configured connections and manual tunnels.") { json };
        list.SetAction((parse, _) => RunAsync(parse, new ControlRequest("list-conns"), Default, parse.GetValue(json),
            r => StatusTable.Format(r.ResultAs<List<ConnectionSummary>>()!)));

        var stats = new Command("stats", "Show the daemon's counters: datagrams, failures by reason, retransmits, data-plane packets and drops.") { json };
        stats.SetAction((parse, _) => RunAsync(parse, new ControlRequest("stats"), Default, parse.GetValue(json),
            r => StatusTable.Format(r.ResultAs<StatsReport>()!)));

        var rekeyTarget = new Argument<string>("sa") { Description = "A connection (rekeys its Child SAs), an IKE SA id (SPIi_SPIr: rekeys the IKE SA) or a Child SA SPI (hex)." };
        var rekey = new Command("rekey", "Start a rekey (CREATE_CHILD_SA) of Child SAs or an IKE SA; watch it with status.") { rekeyTarget, json };
        rekey.SetAction((parse, _) => RunAsync(parse, new ControlRequest("rekey", parse.GetValue(rekeyTarget)), Default, parse.GetValue(json),
            r => Describe(r.ResultAs<ActionResult>())));

        var directory = new Option<DirectoryInfo>("--wireshark")
        {
            Description = "Directory to write Wireshark's key tables into (esp_sa, ikev2_decryption_table, ikev1_decryption_table); needs daemon.key_log: yes.",
            Required = true,
        };
        var export = new Command("export", "Write the keys of this daemon's SAs as Wireshark key tables, to decrypt a capture of its own traffic.") { directory, json };
        export.SetAction((parse, _) => RunAsync(parse, new ControlRequest("keys-export", Directory: parse.GetValue(directory)!.FullName), Default, parse.GetValue(json), r =>
        {
            var result = r.ResultAs<KeysExportResult>()!;
            return $"wrote {string.Join(", ", result.Files)} ({result.EspSas} ESP SA line(s), {result.IkeSas} IKEv2 SA line(s), {result.IsakmpSas} IKEv1 ISAKMP SA line(s))\n" + (result.Note is null ? "" : $"note: {result.Note}\n");
        }));
        var keys = new Command("keys", "Key logs (only when the user enabled daemon.key_log).") { export };

        var reload = new Command("reload", "Re-read the daemon's configuration file: unchanged connections keep their SAs, changed and removed ones are deleted, new ones load (also SIGHUP).") { json };
        reload.SetAction((parse, _) => RunAsync(parse, new ControlRequest("reload"), Default, parse.GetValue(json), r => Describe(r.ResultAs<ActionResult>())));

        return [up, down, status, list, stats, rekey, reload, keys];
    }

    private static TimeSpan Default => TimeSpan.FromSeconds(15);

    private static string Describe(ActionResult? result) =>
        result is null ? "done\n" : $"{result.Target}: {result.Detail}{(result.IkeSas.Count > 0 ? " [" + string.Join(", ", result.IkeSas) + "]" : "")}\n";

    private static async Task<int> RunAsync(ParseResult parse, ControlRequest request, TimeSpan timeout, bool json, Func<ControlResponse, string> format)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        string socket = parse.GetValue(SocketOption)!;
        return await RunAsync(socket, request, timeout, json, format, output, error).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="request"/> and prints the answer; the exit code follows the error code.</summary>
    public static async Task<int> RunAsync(string socket, ControlRequest request, TimeSpan timeout, bool json, Func<ControlResponse, string> format,
        TextWriter output, TextWriter error)
    {
        ControlResponse response;
        try
        {
            response = await ControlClient.SendAsync(socket, request, timeout).ConfigureAwait(false);
        }
        catch (ControlUnavailableException e)
        {
            await error.WriteLineAsync($"dotswan {request.Command}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.DaemonUnreachable;
        }

        if (!response.Ok)
        {
            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(response, ControlJson.Indented)).ConfigureAwait(false);
            }

            await error.WriteLineAsync($"dotswan {request.Command}: {response.Message} ({response.Error})").ConfigureAwait(false);
            return response.Error switch
            {
                ControlErrorCodes.NotFound => ExitCodes.NotFound,
                ControlErrorCodes.Timeout => ExitCodes.Timeout,
                ControlErrorCodes.BadRequest or ControlErrorCodes.UnknownCommand => ExitCodes.UsageOrInputError,
                _ => ExitCodes.PartialFailure,
            };
        }

        if (json)
        {
            await output.WriteLineAsync(response.Result is { } result ? JsonSerializer.Serialize(result, ControlJson.Indented) : "{}").ConfigureAwait(false);
        }
        else
        {
            await output.WriteAsync(format(response)).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
