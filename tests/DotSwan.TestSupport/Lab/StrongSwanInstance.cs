using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DotSwan.TestSupport.Lab;

/// <summary>
/// One strongSwan daemon (charon-systemd) in a network namespace, with everything of its own under a temp dir:
/// strongswan.conf (found through STRONGSWAN_CONF), the VICI socket, the swanctl directory and a filelog.
/// Dispose stops exactly the charon it started (SIGTERM, then SIGKILL) and deletes the temp dir; read the log before.
/// </summary>
/// <remarks>
/// charon-systemd, not /usr/lib/ipsec/charon: the latter insists on /var/run/charon.pid, so a second instance in
/// another namespace refuses to start. charon-systemd reads the "charon-systemd" section and logs to the journal
/// by default, which this machine does not have: the rendered config turns the journal off and logs to a file.
/// </remarks>
public sealed class StrongSwanInstance : IDisposable
{
    private static readonly string[] SwanctlSubdirectories =
        ["conf.d", "x509", "x509ca", "x509ocsp", "x509aa", "x509ac", "x509crl", "pubkey", "private", "rsa", "ecdsa", "bliss", "pkcs8", "pkcs12"];

    private readonly LabTempDirectory directory;
    private DetachedProcess? charon;
    private bool disposed;

    /// <summary>Starts charon in <paramref name="ns"/> and waits (bounded) until its VICI socket accepts swanctl.</summary>
    /// <param name="ns">The namespace to run in.</param>
    /// <param name="name">A short tag for file names and messages (e.g. "a").</param>
    /// <param name="options">strongswan.conf settings; <see cref="StrongSwanOptions.Default"/> when null.</param>
    public StrongSwanInstance(NetworkNamespace ns, string name, StrongSwanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ns);
        Namespace = ns;
        Name = name;
        Options = options ?? StrongSwanOptions.Default;
        directory = new LabTempDirectory($"sw{name}");
        try
        {
            foreach (var sub in SwanctlSubdirectories) { Directory.CreateDirectory(Path.Combine(SwanctlDirectory, sub)); }
            File.WriteAllText(ConfigPath, RenderStrongSwanConf());
            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The namespace charon runs in.</summary>
    public NetworkNamespace Namespace { get; }

    /// <summary>The tag given at creation.</summary>
    public string Name { get; }

    /// <summary>The settings in use.</summary>
    public StrongSwanOptions Options { get; }

    /// <summary>The rendered strongswan.conf.</summary>
    public string ConfigPath => directory.PathOf("strongswan.conf");

    /// <summary>The SWANCTL_DIR of this instance (swanctl.conf and credential folders).</summary>
    public string SwanctlDirectory => directory.PathOf("swanctl");

    /// <summary>The VICI socket path.</summary>
    public string ViciSocketPath => directory.PathOf("charon.vici");

    /// <summary>The VICI URI swanctl is given.</summary>
    public string ViciUri => "unix://" + ViciSocketPath;

    /// <summary>charon's filelog.</summary>
    public string LogPath => directory.PathOf("charon.log");

    /// <summary>charon's PID (0 before it started).</summary>
    public int Pid => charon?.Pid ?? 0;

    /// <summary>True while charon runs.</summary>
    public bool IsRunning => charon?.IsRunning ?? false;

    /// <summary>
    /// Runs `swanctl COMMAND --uri … ARGS` against this instance (swanctl wants the command first), with SWANCTL_DIR
    /// set to this instance's directory. The first argument is the command, e.g. "--initiate".
    /// </summary>
    public CommandResult Swanctl(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var list = arguments.ToList();
        if (list.Count == 0) { throw new ArgumentException("swanctl needs a command", nameof(arguments)); }
        list.InsertRange(1, ["--uri", ViciUri]);
        return LabCommand.Run("swanctl", list, timeout, new Dictionary<string, string> { ["SWANCTL_DIR"] = SwanctlDirectory });
    }

    /// <summary>Runs swanctl with the default time limit; see <see cref="Swanctl(IEnumerable{string}, TimeSpan?)"/>.</summary>
    public CommandResult Swanctl(params string[] arguments) => Swanctl(arguments, timeout: null);

    /// <summary>Writes <paramref name="config"/> as swanctl.conf and loads it (`swanctl --load-all`).</summary>
    public void Load(SwanctlConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        File.WriteAllText(Path.Combine(SwanctlDirectory, "swanctl.conf"), config.Render());
        var result = Swanctl("--load-all");
        if (!result.Succeeded) { throw new LabException($"swanctl --load-all on {Name} failed: {result}\n{LogTail()}"); }
    }

    /// <summary>Initiates <paramref name="child"/> (and its IKE SA), waiting at most <paramref name="timeoutSeconds"/> for the result.</summary>
    public CommandResult Initiate(string child, int timeoutSeconds = 20) =>
        Swanctl(["--initiate", "--child", child, "--timeout", timeoutSeconds.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(timeoutSeconds + 10));

    /// <summary>The IKE SAs `swanctl --list-sas` reports.</summary>
    public IReadOnlyList<SwanctlIkeSa> ListSas()
    {
        var result = Swanctl("--list-sas");
        if (!result.Succeeded) { throw new LabException($"swanctl --list-sas on {Name} failed: {result}"); }
        return SwanctlIkeSa.Parse(result.StandardOutput);
    }

    /// <summary>The whole charon log so far (empty when there is none yet).</summary>
    public string ReadLog() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    /// <summary>The last <paramref name="lines"/> lines of the charon log and its stdout/stderr, headed by the instance's name: for failure messages.</summary>
    public string LogTail(int lines = 60)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"--- charon {Name} in {Namespace.Name} (pid {Pid}), last {lines} log lines ---");
        foreach (var line in ReadLog().Split('\n').TakeLast(lines)) { text.AppendLine(line); }
        string output = charon?.ReadOutput() ?? "";
        if (output.Length > 0)
        {
            text.AppendLine("--- stdout/stderr ---");
            text.AppendLine(output.Length > 4000 ? output[^4000..] : output);
        }
        return text.ToString();
    }

    private void Start()
    {
        charon = DetachedProcess.Start(
            Namespace, LabRequirements.CharonSystemd, [], directory.FullPath, "charon",
            new Dictionary<string, string> { ["STRONGSWAN_CONF"] = ConfigPath });
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Options.StartTimeout)
        {
            if (!charon.IsRunning) { throw new LabException($"charon {Name} exited during start\n{LogTail()}"); }
            if (File.Exists(ViciSocketPath) && Swanctl(["--stats"], TimeSpan.FromSeconds(5)).Succeeded) { return; }
            Thread.Sleep(100);
        }
        throw new LabException($"charon {Name}: no VICI socket after {Options.StartTimeout.TotalSeconds} s\n{LogTail()}");
    }

    private string RenderStrongSwanConf()
    {
        var o = Options;
        var conf = new StringBuilder();
        conf.AppendLine("# Rendered by DotSwan.TestSupport.Lab.StrongSwanInstance; charon-systemd reads this section, not \"charon\".");
        conf.AppendLine("charon-systemd {");
        conf.AppendLine(CultureInfo.InvariantCulture, $"    load = {o.Plugins}");
        conf.AppendLine("    install_routes = yes");
        conf.AppendLine("    install_virtual_ip = yes");
        conf.AppendLine("    routing_table = 220");
        conf.AppendLine("    routing_table_prio = 220");
        conf.AppendLine("    port = 500");
        conf.AppendLine("    port_nat_t = 4500");
        conf.AppendLine(CultureInfo.InvariantCulture, $"    retransmit_timeout = {o.RetransmitTimeout.ToString(CultureInfo.InvariantCulture)}");
        conf.AppendLine(CultureInfo.InvariantCulture, $"    retransmit_tries = {o.RetransmitTries}");
        foreach (var line in o.ExtraSettings) { conf.AppendLine(CultureInfo.InvariantCulture, $"    {line}"); }
        conf.AppendLine("    plugins {");
        conf.AppendLine(CultureInfo.InvariantCulture, $"        vici {{\n            socket = {ViciUri}\n        }}");
        conf.AppendLine("        kernel-libipsec {\n            allow_peer_ts = no\n        }");
        conf.AppendLine("    }");
        conf.AppendLine("    journal {\n        default = -1\n    }");
        conf.AppendLine("    filelog {");
        conf.AppendLine("        lab {");
        conf.AppendLine(CultureInfo.InvariantCulture, $"            path = {LogPath}");
        conf.AppendLine("            append = no\n            flush_line = yes\n            time_format = %H:%M:%S\n            time_add_ms = yes\n            ike_name = yes");
        conf.AppendLine(CultureInfo.InvariantCulture, $"            default = {o.OtherLogLevel}");
        conf.AppendLine(CultureInfo.InvariantCulture, $"            ike = {o.IkeLogLevel}");
        conf.AppendLine(CultureInfo.InvariantCulture, $"            chd = {o.IkeLogLevel}");
        conf.AppendLine("        }");
        conf.AppendLine("    }");
        conf.AppendLine("}");
        return conf.ToString();
    }

    /// <summary>Stops charon (SIGTERM, SIGKILL after 5 s) and deletes the temp dir with the config, socket and log.</summary>
    public void Dispose()
    {
        if (disposed) { return; }
        disposed = true;
        try { charon?.Dispose(); }
        finally { directory.Dispose(); }
    }
}
