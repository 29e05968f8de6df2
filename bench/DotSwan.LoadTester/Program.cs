using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.LoadTester;

// Establishes --count IKE SAs with one Child SA each against a responder at --remote (UDP 500, following it to 4500
// when NAT detection floats), at most --window unfinished at once, stopping at --max-seconds. --version 2 (default):
// IKE_SA_INIT + IKE_AUTH; --version 1: Main Mode (PSK) + one Quick Mode per ISAKMP SA. With --responder-pid it
// samples that process's CPU time and RSS from /proc before and after. Prints one line of key=value results.
// With --in-process 1 the responder is a DotSwan engine in this process instead (InProcessRun: managed bytes per SA).
// --auth cert (IKEv2): certificates both ways instead of the PSK; each IKE SA gets its own RSA-2048 certificate (one
// shared key), issued before the run by the CA in --ca-cert / --ca-key, which the responder's certificate must chain to.
// With --in-process 1 the in-process responder then signs with a certificate for --responder-id from that CA too.
var options = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["--local"] = "192.0.2.1", ["--remote"] = "192.0.2.2", ["--count"] = "2000", ["--window"] = "64", ["--max-seconds"] = "60",
    ["--ike"] = "aes128gcm16-prfsha256-x25519", ["--esp"] = "aes128gcm16", ["--responder-id"] = "b.lab.example",
    ["--psk"] = "load-test-pre-shared-key-0123456789", ["--responder-pid"] = "0", ["--label"] = "run", ["--in-process"] = "0",
    ["--version"] = "2", ["--auth"] = "psk", ["--ca-cert"] = "", ["--ca-key"] = "",
};
for (int i = 0; i + 1 < args.Length; i += 2)
{
    if (!options.ContainsKey(args[i])) { Console.Error.WriteLine($"unknown option {args[i]}; known: {string.Join(' ', options.Keys)}"); return 2; }
    options[args[i]] = args[i + 1];
}

int Int(string key) => int.Parse(options[key], CultureInfo.InvariantCulture);
var localAddress = IPAddress.Parse(options["--local"]);
var remoteAddress = IPAddress.Parse(options["--remote"]);
int count = Math.Clamp(Int("--count"), 1, 1_000_000);
int window = Math.Clamp(Int("--window"), 1, 4096);
var maxRunTime = TimeSpan.FromSeconds(Math.Clamp(Int("--max-seconds"), 1, 3600));
int responderPid = Int("--responder-pid");
int version = Int("--version");
if (version is not (1 or 2)) { Console.Error.WriteLine("--version takes 1 or 2"); return 2; }
using var psk = SecretBytes.CopyOf(Encoding.UTF8.GetBytes(options["--psk"]));
var local500 = new IPEndPoint(localAddress, 500);
var local4500 = new IPEndPoint(localAddress, SendDatagram.NatTraversalPort);
if (options["--auth"] is not ("psk" or "cert") || (options["--auth"] == "cert" && version != 2)) { Console.Error.WriteLine("--auth takes psk or cert (cert with --version 2)"); return 2; }
using var certificates = options["--auth"] == "cert" ? LoadCertificates.Create(options["--ca-cert"], options["--ca-key"], count,
    options["--in-process"] == "1" ? options["--responder-id"] : null) : null;
var settings = new LoadSettings(local500, new IPEndPoint(remoteAddress, 500), count, window, options["--ike"], options["--esp"],
    options["--responder-id"], psk, version, certificates);
if (options["--in-process"] == "1") { return InProcessRun.Run(settings, Console.Out); }

using var socket500 = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
using var socket4500 = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
foreach (var s in new[] { socket500, socket4500 })
{
    s.ReceiveBufferSize = 4 << 20;
    s.SendBufferSize = 4 << 20;
}
socket500.Bind(local500);
socket4500.Bind(local4500);

using var initiator = new LoadInitiator(settings);
var before = responderPid > 0 ? ProcessSample.Read(responderPid) : null;
var clock = Stopwatch.StartNew();
var sends = new List<SendDatagram>();
var buffer = new byte[65536];
var marked = new byte[65536];
var nextTimer = TimeSpan.FromMilliseconds(250);
var readable = new List<Socket>(2);
long sent = 0, received = 0, sendErrors = 0;

void Flush()
{
    foreach (var send in sends)
    {
        try
        {
            if (send.NonEspMarker)
            {
                marked.AsSpan(0, 4).Clear();
                send.Datagram.Span.CopyTo(marked.AsSpan(4));
                socket4500.SendTo(marked.AsSpan(0, send.Datagram.Length + 4), SocketFlags.None, send.Remote);
            }
            else
            {
                (send.Local.Port == SendDatagram.NatTraversalPort ? socket4500 : socket500).SendTo(send.Datagram.Span, SocketFlags.None, send.Remote);
            }
            sent++;
        }
        catch (SocketException)
        {
            sendErrors++;
        }
    }
    sends.Clear();
}

// Every tenth of the SAs established: the responder's CPU per handshake over that tenth, with the SAs it held then
// (does the cost per handshake grow with the SAs held?), and its RSS.
var marks = new List<string>();
int markStep = Math.Max(1, count / 10), nextMark = markStep, lastMarkEstablished = 0;
var lastMark = before;
void Mark()
{
    if (initiator.Established < nextMark || responderPid <= 0) { return; }
    nextMark += markStep;
    if (ProcessSample.Read(responderPid) is not { } sample) { return; }
    if (lastMark is { } previous && initiator.Established > lastMarkEstablished)
    {
        double perHandshake = (sample.CpuMilliseconds - previous.CpuMilliseconds) / (initiator.Established - lastMarkEstablished);
        marks.Add(string.Create(CultureInfo.InvariantCulture, $"{initiator.Established}:{perHandshake:F3}ms:{sample.RssKilobytes / 1024}MB"));
    }
    lastMark = sample;
    lastMarkEstablished = initiator.Established;
}

initiator.Fill(DateTimeOffset.UtcNow, sends);
Flush();
while (!initiator.Done && clock.Elapsed < maxRunTime)
{
    readable.Clear();
    readable.Add(socket500);
    readable.Add(socket4500);
    Socket.Select(readable, null, null, 20_000);
    foreach (var socket in readable)
    {
        // Drain what is queued on this socket (bounded per round so the other socket and the timer get their turn).
        for (int taken = 0; taken < 256 && socket.Available > 0; taken++)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            int length = socket.ReceiveFrom(buffer, ref from);
            var now = DateTimeOffset.UtcNow;
            received++;
            if (socket == socket4500)
            {
                // IKE on 4500 carries the non-ESP marker; anything else there (keepalives, ESP) is not ours to handle.
                if (length < 8 || buffer[0] != 0 || buffer[1] != 0 || buffer[2] != 0 || buffer[3] != 0) { continue; }
                initiator.Receive(buffer.AsSpan(4, length - 4), local4500, (IPEndPoint)from, now, sends);
            }
            else
            {
                initiator.Receive(buffer.AsSpan(0, length), local500, (IPEndPoint)from, now, sends);
            }
            initiator.Fill(now, sends);
            Flush();
        }
    }
    Mark();
    if (clock.Elapsed >= nextTimer)
    {
        nextTimer = clock.Elapsed + TimeSpan.FromMilliseconds(250);
        var now = DateTimeOffset.UtcNow;
        initiator.OnTimer(now, sends);
        initiator.Fill(now, sends);
        Flush();
    }
}
double seconds = clock.Elapsed.TotalSeconds;
// The responder settles (e.g. installs the last Child SAs) before the final sample.
Thread.Sleep(200);
var after = responderPid > 0 ? ProcessSample.Read(responderPid) : null;

var result = new StringBuilder();
result.Append(CultureInfo.InvariantCulture, $"label={options["--label"]} version={version} ike={options["--ike"]} auth={options["--auth"]} count={count} window={window} established={initiator.Established} failed={initiator.Failed} ");
result.Append(CultureInfo.InvariantCulture, $"seconds={seconds:F2} rate={initiator.Established / seconds:F0}/s sent={sent} received={received} send_errors={sendErrors}");
if (before is { } b && after is { } a)
{
    double cpu = a.CpuMilliseconds - b.CpuMilliseconds;
    result.Append(CultureInfo.InvariantCulture, $" responder_cpu_ms={cpu:F0} cpu_ms_per_handshake={(initiator.Established > 0 ? cpu / initiator.Established : 0):F3}");
    result.Append(CultureInfo.InvariantCulture, $" rss_before_kb={b.RssKilobytes} rss_after_kb={a.RssKilobytes} kb_per_sa={(initiator.Established > 0 ? (double)(a.RssKilobytes - b.RssKilobytes) / initiator.Established : 0):F1}");
}
if (marks.Count > 0) { result.Append(CultureInfo.InvariantCulture, $" marks={string.Join(',', marks)}"); }
if (initiator.FirstFailure is { } failure) { result.Append(CultureInfo.InvariantCulture, $" first_failure=\"{failure}\""); }
Console.WriteLine(result);
return initiator.Established == count ? 0 : 1;
