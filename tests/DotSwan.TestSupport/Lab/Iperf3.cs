using System.Globalization;
using System.Net;
using System.Text.Json;

namespace DotSwan.TestSupport.Lab;

/// <summary>
/// A bounded iperf3 TCP run between two namespaces: a one-off server (<c>-s -1</c>) started detached in one namespace and
/// stopped by PID afterwards, a client with a fixed duration (<c>-t</c>) and a time limit in the other. Addresses are the
/// inner ones, so the traffic goes through the tunnel between them.
/// </summary>
public static class Iperf3
{
    /// <summary>The TCP port the server listens on.</summary>
    public const int Port = 5201;

    /// <summary>
    /// Runs <c>iperf3 -c</c> from <paramref name="client"/> (bound to <paramref name="clientAddress"/>) to a one-off server in
    /// <paramref name="server"/> on <paramref name="serverAddress"/> for <paramref name="seconds"/> seconds, or, when
    /// <paramref name="bytes"/> is given, until that many bytes are sent (<c>-n</c>; the client is still killed after
    /// <paramref name="seconds"/> + 30 s); data flows client to server. Throws <see cref="LabException"/> when the server
    /// does not listen, the client fails or the server is left running.
    /// </summary>
    public static Iperf3Result RunTcp(
        NetworkNamespace server, IPAddress serverAddress, NetworkNamespace client, IPAddress clientAddress, int seconds = 3, long? bytes = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(serverAddress);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(clientAddress);
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        if (bytes is { } count) { ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(bytes)); }
        string port = Port.ToString(CultureInfo.InvariantCulture);
        using var work = new LabTempDirectory("iperf3");
        int serverPid;
        Iperf3Result result;
        // --idle-timeout: the server gives up by itself should the client never come; Dispose stops it by PID in any case.
        using (var process = DetachedProcess.Start(server, "iperf3",
                   ["-s", "-1", "-B", serverAddress.ToString(), "-p", port, "--idle-timeout", (seconds + 30).ToString(CultureInfo.InvariantCulture)],
                   work.FullPath, "iperf3-server"))
        {
            serverPid = process.Pid;
            bool listening = false;
            for (int attempt = 0; attempt < 50 && !listening; attempt++)
            {
                listening = server.Run("ss", "-ltnH", $"sport = :{port}").StandardOutput.Contains(port, StringComparison.Ordinal);
                if (!listening) { Thread.Sleep(100); }
            }

            if (!listening) { throw new LabException("iperf3 server not listening: " + process.ReadOutput()); }
            var run = client.Run("iperf3",
                ["-c", serverAddress.ToString(), "-B", clientAddress.ToString(), "-p", port, "-J",
                 .. bytes is { } amount ? ["-n", amount.ToString(CultureInfo.InvariantCulture)] : new[] { "-t", seconds.ToString(CultureInfo.InvariantCulture) }],
                TimeSpan.FromSeconds(seconds + 30));
            if (!run.Succeeded) { throw new LabException($"iperf3 client failed: {run}\nserver:\n{process.ReadOutput()}"); }
            result = Parse(run.StandardOutput);
            process.Stop(TimeSpan.FromSeconds(5));
        }

        if (LabProcess.IsRunning(serverPid, "iperf3")) { throw new LabException($"iperf3 server {serverPid} left running"); }
        return result;
    }

    private static Iperf3Result Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var end = document.RootElement.GetProperty("end");
        var sent = end.GetProperty("sum_sent");
        var received = end.GetProperty("sum_received");
        return new Iperf3Result(
            sent.GetProperty("bytes").GetInt64(),
            received.GetProperty("bytes").GetInt64(),
            received.GetProperty("bits_per_second").GetDouble(),
            sent.TryGetProperty("retransmits", out var retransmits) ? retransmits.GetInt64() : -1);
    }
}
