using System.Net;
using System.Net.Sockets;
using System.Text;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ipsec;
using DotSwan.Ipsec.Manual;
using Microsoft.Extensions.Logging;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DotSwan.Daemon.Configuration;

/// <summary>
/// Reads the daemon's YAML configuration (and its optional separate secrets file) into a <see cref="DotSwanConfig"/>.
/// Every problem is collected, each with file, line, column, key and what is allowed; nothing throws on file content.
/// Secrets (a <c>secrets:</c> section, manual keys, a secrets file) are refused when their file can be read or written
/// by the group or others. See docs/configuration.md for the format.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Subsystems whose log level can be set under <c>daemon.logging</c>.</summary>
    public static IReadOnlyList<string> LogSubsystems { get; } = ["daemon", "config", "ike", "ipsec", "net", "control"];

    private static readonly string[] RootKeys = ["daemon", "connections", "secrets", "secrets_file", "manual"];
    private static readonly string[] DaemonKeys = ["listen", "ike_port", "natt_port", "control_socket", "data_plane", "tun_name", "tun_mtu", "key_log", "logging", "metrics_listen", "cookie_threshold", "half_open_limit", "half_open_timeout"];
    private static readonly string[] ConnectionKeys = ["version", "local_addrs", "remote_addrs", "proposals", "local", "remote", "children", "lifetime", "dpd_delay", "encap", "remote_port", .. Ikev1ConfigReader.ConnectionKeys];
    private static readonly string[] LocalKeys = ["id", "auth", "certs", "private_key"];
    private static readonly string[] RemoteKeys = ["id", "auth", "cacerts", "crls"];
    private static readonly string[] ChildKeys = ["local_ts", "remote_ts", "esp_proposals", "ah_proposals", "mode", "lifetime", "start_action", "close_action"];
    private static readonly string[] LifetimeKeys = ["soft", "hard"];
    private static readonly string[] LimitKeys = ["time", "bytes"];
    private static readonly string[] SecretsKeys = ["ike"];
    private static readonly string[] SecretKeys = ["ids", "secret"];
    private static readonly string[] ManualKeys = ["local_addr", "remote_addr", "local_ts", "remote_ts", "esp", "encap", "inbound", "outbound"];
    private static readonly string[] ManualSaKeys = ["spi", "enc_key", "integ_key"];

    private static readonly (string, ConnectionAction)[] Actions = [("none", ConnectionAction.None), ("trap", ConnectionAction.Trap), ("start", ConnectionAction.Start)];

    private static readonly (string, LogLevel)[] LogLevels =
    [
        ("trace", LogLevel.Trace), ("debug", LogLevel.Debug), ("information", LogLevel.Information), ("info", LogLevel.Information),
        ("warning", LogLevel.Warning), ("warn", LogLevel.Warning), ("error", LogLevel.Error), ("critical", LogLevel.Critical), ("none", LogLevel.None),
    ];

    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    public static ConfigLoadResult Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new ConfigDiagnostics(path);
        string? text = ReadFile(path, diagnostics);
        if (text is null)
        {
            return new ConfigLoadResult(null, diagnostics.Errors, diagnostics.Warnings);
        }

        return Parse(text, path, diagnostics, checkPermissions: true);
    }

    /// <summary>Validates configuration text as if read from <paramref name="path"/> (file permissions and the secrets file are still checked on disk).</summary>
    public static ConfigLoadResult Parse(string text, string path) => Parse(text, path, new ConfigDiagnostics(path), checkPermissions: false);

    private static ConfigLoadResult Parse(string text, string path, ConfigDiagnostics diagnostics, bool checkPermissions)
    {
        var root = ParseYaml(text, diagnostics);
        if (root is null)
        {
            return new ConfigLoadResult(null, diagnostics.Errors, diagnostics.Warnings);
        }

        root.AllowOnly(RootKeys);
        var daemon = ReadDaemon(root.Section("daemon"));
        var secrets = new List<PskSecret>();
        bool holdsSecrets = false;
        if (root.Section("secrets") is { } secretsSection)
        {
            holdsSecrets = true;
            ReadSecrets(secretsSection, secrets);
        }

        if (root.Text("secrets_file") is { } secretsFile)
        {
            ReadSecretsFile(Resolve(path, secretsFile), root, diagnostics, secrets);
        }

        var connections = new List<ConnectionConfig>();
        if (root.Section("connections") is { } connectionsSection)
        {
            foreach (var (name, section, line) in connectionsSection.NamedSections())
            {
                if (ReadConnection(name, section, line, path) is { } connection)
                {
                    connections.Add(connection);
                }
            }
        }

        var manual = new List<ManualTunnelConfig>();
        if (root.Section("manual") is { } manualSection)
        {
            foreach (var (name, section, _) in manualSection.NamedSections())
            {
                holdsSecrets = true;
                if (ReadManual(name, section) is { } tunnel)
                {
                    manual.Add(tunnel);
                }
            }
        }

        if (connections.Count == 0 && manual.Count == 0 && diagnostics.Errors.Count == 0)
        {
            diagnostics.Warning(new YamlScalarNode(), "connections", "no connections and no manual tunnels: the daemon will idle");
        }

        CheckPskSecrets(connectionsSection: root.Section("connections"), connections, secrets);
        if (holdsSecrets && checkPermissions)
        {
            CheckPrivate(path, diagnostics, "holds secrets (a secrets section or manual keys)");
        }

        if (diagnostics.Errors.Count > 0)
        {
            return new ConfigLoadResult(null, diagnostics.Errors, diagnostics.Warnings);
        }

        var config = new DotSwanConfig(Path.GetFullPath(path), daemon, connections, secrets, manual);
        return new ConfigLoadResult(config, diagnostics.Errors, diagnostics.Warnings);
    }

    private static string? ReadFile(string path, ConfigDiagnostics diagnostics)
    {
        try
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            diagnostics.Error(0, 0, "", $"cannot be read: {e.Message}");
            return null;
        }
    }

    private static YamlSection? ParseYaml(string text, ConfigDiagnostics diagnostics)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            string message = (e.InnerException?.Message ?? e.Message).Trim();
            if (message.Contains("duplicate", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase))
            {
                message = "a key appears twice in the same mapping; each key may appear once";
            }

            diagnostics.Error((int)e.Start.Line, (int)e.Start.Column, "", $"is not valid YAML: {message}");
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these on some malformed input (an unclosed flow sequence, a duplicate key): report the
            // position of the last event it could read.
            var mark = parser.Current?.End;
            string message = e is ArgumentException ? "a key appears twice in the same mapping; each key may appear once" : "the structure is broken here (an unclosed [ or {, or bad indentation)";
            diagnostics.Error((int)(mark?.Line ?? 0), (int)(mark?.Column ?? 0), "", $"is not valid YAML: {message}");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            diagnostics.Error(0, 0, "", "is empty; expected a mapping with daemon, connections, secrets, secrets_file or manual");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            diagnostics.Error((int)stream.Documents[1].RootNode.Start.Line, 1, "", "holds more than one YAML document; write one");
            return null;
        }

        return YamlSection.Of(stream.Documents[0].RootNode, "", diagnostics);
    }

    private static DaemonSettings ReadDaemon(YamlSection? section)
    {
        if (section is null)
        {
            return new DaemonSettings();
        }

        section.AllowOnly(DaemonKeys);
        var listen = new List<IPAddress>();
        foreach (var (text, _) in section.List("listen") ?? [])
        {
            if (IPAddress.TryParse(text, out var address))
            {
                listen.Add(address);
            }
            else
            {
                section.ReportValue("listen", $"'{text}' is not an IP address; allowed: IPv4 or IPv6 addresses (0.0.0.0 and :: bind every address)");
            }
        }

        var levels = new Dictionary<string, LogLevel>(StringComparer.Ordinal);
        var defaultLevel = LogLevel.Information;
        if (section.Section("logging") is { } logging)
        {
            logging.AllowOnly([.. LogSubsystems, "default"]);
            defaultLevel = logging.Choice("default", LogLevel.Information, LogLevels);
            foreach (string subsystem in LogSubsystems)
            {
                if (logging.Node(subsystem) is not null)
                {
                    levels[subsystem] = logging.Choice(subsystem, LogLevel.Information, LogLevels);
                }
            }
        }

        string controlSocket = section.Text("control_socket") ?? DaemonSettings.DefaultControlSocket;
        if (!Path.IsPathRooted(controlSocket))
        {
            section.ReportValue("control_socket", $"'{controlSocket}' is not an absolute path; allowed: an absolute path such as {DaemonSettings.DefaultControlSocket}");
        }

        string tunName = section.Text("tun_name") ?? "dotswan0";
        if (tunName.Length is 0 or > 15 || tunName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            section.ReportValue("tun_name", $"'{tunName}' is not an interface name; allowed: 1 to 15 letters, digits, '-', '_' or '.'");
        }

        IPEndPoint? metrics = null;
        string? metricsText = section.Text("metrics_listen");
        if (metricsText is not null && (!IPEndPoint.TryParse(metricsText, out metrics) || metrics.Port == 0))
        {
            section.ReportValue("metrics_listen", $"'{metricsText}' is not an address with a port; allowed: e.g. 127.0.0.1:9107 or [::1]:9107");
            metrics = null;
        }

        int cookieThreshold = 30;
        if (section.Text("cookie_threshold") is { } cookieText)
        {
            if (cookieText is "never" or "no")
            {
                cookieThreshold = int.MaxValue;
            }
            else if (int.TryParse(cookieText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
            {
                cookieThreshold = n;
            }
            else
            {
                section.ReportValue("cookie_threshold", $"'{cookieText}' is not a count; allowed: a number of half-open IKE SAs (0 = always ask for a cookie) or never");
            }
        }

        var halfOpenTimeout = section.Duration("half_open_timeout") ?? TimeSpan.FromSeconds(30);
        if (halfOpenTimeout <= TimeSpan.Zero)
        {
            section.ReportValue("half_open_timeout", "must be longer than zero; allowed: e.g. 30s");
            halfOpenTimeout = TimeSpan.FromSeconds(30);
        }

        return new DaemonSettings
        {
            CookieThreshold = cookieThreshold,
            HalfOpenLimit = (int)section.Integer("half_open_limit", 2048, 1, 1_000_000),
            HalfOpenTimeout = halfOpenTimeout,
            MetricsListen = metrics,
            Listen = listen,
            IkePort = (int)section.Integer("ike_port", 500, 1, 65535),
            NatTraversalPort = (int)section.Integer("natt_port", 4500, 1, 65535),
            ControlSocket = controlSocket,
            DataPlane = section.Choice("data_plane", DataPlaneKind.Tun, ("tun", DataPlaneKind.Tun), ("memory", DataPlaneKind.Memory)),
            TunName = tunName,
            TunMtu = (int)section.Integer("tun_mtu", 1400, 576, 65535),
            KeyLog = section.Bool("key_log", false),
            DefaultLogLevel = defaultLevel,
            LogLevels = levels,
        };
    }

    private static void ReadSecrets(YamlSection section, List<PskSecret> secrets)
    {
        section.AllowOnly(SecretsKeys);
        var items = section.Sequence("ike");
        if (items is null)
        {
            return;
        }

        for (int i = 0; i < items.Count; i++)
        {
            var entry = YamlSection.Of(items[i], $"{section.PathOf("ike")}[{i}]", DiagnosticsOf(section));
            if (entry is null)
            {
                continue;
            }

            entry.AllowOnly(SecretKeys);
            var ids = new List<IkeIdentity>();
            foreach (var (text, _) in entry.List("ids") ?? [])
            {
                if (IkeIdentity.TryParse(text, out var identity, out var error))
                {
                    ids.Add(identity!);
                }
                else
                {
                    entry.ReportValue("ids", $"'{text}': {error.Message}");
                }
            }

            string? secret = entry.Text("secret", required: true);
            if (secret is null)
            {
                continue;
            }

            byte[] bytes;
            if (secret.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                if (!ManualKeying.TryParseHexKey(secret, out bytes, out var hexError))
                {
                    entry.ReportValue("secret", $"0x… secrets are hex: {hexError}");
                    continue;
                }
            }
            else
            {
                bytes = Encoding.UTF8.GetBytes(secret);
            }

            if (bytes.Length == 0)
            {
                entry.ReportValue("secret", "is empty; a pre-shared key needs at least one byte (20 random bytes or more are advisable)");
                continue;
            }

            if (bytes.Length < 16)
            {
                entry.WarnValue("secret", $"is only {bytes.Length} bytes long; pre-shared keys under 16 bytes can be guessed offline from one captured exchange");
            }

            secrets.Add(new PskSecret(ids, bytes));
        }
    }

    private static void ReadSecretsFile(string path, YamlSection root, ConfigDiagnostics diagnostics, List<PskSecret> secrets)
    {
        var own = new ConfigDiagnostics(path);
        string? text = ReadFile(path, own);
        if (text is not null && CheckPrivate(path, own, "is a secrets file"))
        {
            var section = ParseYaml(text, own);
            if (section is not null)
            {
                section.AllowOnly("secrets");
                if (section.Section("secrets") is { } secretsSection)
                {
                    ReadSecrets(secretsSection, secrets);
                }
                else
                {
                    own.Error(section.Line, 1, "secrets", "a secrets file needs a secrets: section");
                }
            }
        }

        if (own.Errors.Count > 0)
        {
            root.ReportValue("secrets_file", $"the secrets file '{path}' is not usable (see the errors below)");
        }

        diagnostics.AddFrom(own);
    }

    /// <summary>
    /// Refuses a file holding secrets that the group or others may read or write (mode &amp; 077), as ssh does with
    /// private keys; true when the file is private.
    /// </summary>
    public static bool IsPrivate(string path, out UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            mode = default;
            return true;
        }

        mode = File.GetUnixFileMode(path);
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        return (mode & others) == 0;
    }

    private static bool CheckPrivate(string path, ConfigDiagnostics diagnostics, string why)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        try
        {
            if (IsPrivate(path, out var mode))
            {
                return true;
            }

            diagnostics.Error(0, 0, "", $"{why} but is accessible by group or others (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}); "
                + $"allowed: owner only, e.g. chmod 600 {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(0, 0, "", $"its permissions cannot be read: {e.Message}");
        }

        return false;
    }

    private static ConnectionConfig? ReadConnection(string name, YamlSection section, int line, string configPath)
    {
        section.AllowOnly(ConnectionKeys);
        int errorsBefore = DiagnosticsOf(section).Errors.Count;
        int version = (int)section.Integer("version", 2, 1, 2);
        var ikev1 = Ikev1ConfigReader.ReadOptions(section, version);
        var local = Addresses(section, "local_addrs", allowAny: false);
        var remote = Addresses(section, "remote_addrs", allowAny: true);
        if (local.Count == 0 && section.Node("local_addrs") is null)
        {
            section.ReportValue("local_addrs", "is required: the address(es) this host uses for the connection");
        }

        if (local.Concat(remote).Select(a => a.AddressFamily).Distinct().Count() > 1)
        {
            section.ReportValue("remote_addrs", "local_addrs and remote_addrs must be of one address family (IPv4 or IPv6)");
        }

        var proposals = Proposals(section, "proposals", ProposalProtocol.Ike);
        var localAuth = ReadAuth(section.Section("local"), section.PathOf("local"), isLocal: true, local.FirstOrDefault(), configPath, section);
        var remoteAuth = ReadAuth(section.Section("remote"), section.PathOf("remote"), isLocal: false, null, configPath, section);
        var children = new List<ChildConfig>();
        if (section.Section("children") is { } childrenSection)
        {
            foreach (var (childName, childSection, _) in childrenSection.NamedSections())
            {
                if (ReadChild(childName, childSection, version) is { } child)
                {
                    children.Add(child);
                }
            }
        }

        if (children.Count == 0 && DiagnosticsOf(section).Errors.Count == errorsBefore)
        {
            section.Report("needs at least one child under children: (the traffic the connection protects)");
        }

        var lifetime = version == 1 ? Ikev1ConfigReader.ReadPhase1Lifetime(section.Section("lifetime")) : ReadLifetime(section.Section("lifetime"), LifetimeConfig.IkeDefault);
        var dpd = section.Duration("dpd_delay");
        bool encap = section.Bool("encap", false);
        int remotePort = (int)section.Integer("remote_port", 500, 1, 65535);
        if (DiagnosticsOf(section).Errors.Count != errorsBefore || localAuth is null || remoteAuth is null)
        {
            return null;
        }

        return new ConnectionConfig(name, version, local, remote, proposals, localAuth, remoteAuth, children, lifetime,
            dpd is { } d && d > TimeSpan.Zero ? d : null, encap, line, remotePort)
        {
            Ikev1 = ikev1,
        };
    }

    private static List<IPAddress> Addresses(YamlSection section, string key, bool allowAny)
    {
        var addresses = new List<IPAddress>();
        foreach (var (text, _) in section.List(key) ?? [])
        {
            if (allowAny && text == "%any")
            {
                continue;
            }

            if (!IPAddress.TryParse(text, out var address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            {
                section.ReportValue(key, $"'{text}' is not allowed; allowed: IPv4 or IPv6 addresses{(allowAny ? " or %any" : "")} (host names are not resolved)");
                continue;
            }

            addresses.Add(address);
        }

        return addresses;
    }

    private static IReadOnlyList<CryptoSuite> Proposals(YamlSection section, string key, ProposalProtocol protocol)
    {
        var items = section.List(key);
        string text = items is null ? "default" : string.Join(',', items.Select(i => i.Text));
        if (text.Length == 0)
        {
            section.ReportValue(key, "is empty; allowed: proposals such as aes256gcm16-prfsha384-x25519 or 'default'");
            return [];
        }

        if (!ProposalParser.TryParseList(text, protocol, out var suites, out var error))
        {
            section.ReportValue(key, error.Message);
            return [];
        }

        return suites;
    }

    private static AuthConfig? ReadAuth(YamlSection? section, string path, bool isLocal, IPAddress? defaultAddress, string configPath, YamlSection parent)
    {
        if (section is null)
        {
            if (parent.Node(isLocal ? "local" : "remote") is not null)
            {
                return null;
            }

            parent.ReportValue(isLocal ? "local" : "remote", $"is required: {(isLocal ? "our identity and authentication (id, auth)" : "what the peer must prove (id, auth)")}");
            return null;
        }

        section.AllowOnly(isLocal ? LocalKeys : RemoteKeys);
        IkeIdentity? identity = isLocal && defaultAddress is not null ? IkeIdentity.FromAddress(defaultAddress) : IkeIdentity.Any;
        if (section.Text("id") is { } idText)
        {
            if (IkeIdentity.TryParse(idText, out var parsed, out var error))
            {
                identity = parsed;
            }
            else
            {
                section.ReportValue("id", error.Message);
            }
        }

        if (isLocal && identity is not null && identity.Equals(IkeIdentity.Any))
        {
            section.ReportValue("id", "our own identity cannot be %any; allowed: an address, FQDN, user@FQDN, a DN or keyid");
        }

        var method = section.Choice("auth", AuthMethod.Psk, ("psk", AuthMethod.Psk), ("pubkey", AuthMethod.PublicKey));
        var certs = Files(section, "certs", configPath);
        var cacerts = Files(section, "cacerts", configPath);
        var crls = Files(section, "crls", configPath, "PEM or DER CRL files of the CAs in cacerts");
        string? privateKey = null;
        if (section.Text("private_key") is { } keyPath)
        {
            privateKey = Resolve(configPath, keyPath);
            if (!File.Exists(privateKey))
            {
                section.ReportValue("private_key", $"'{privateKey}' does not exist; allowed: a PEM or DER private key file");
            }
            else if (!IsPrivate(privateKey, out var mode))
            {
                section.ReportValue("private_key", $"'{privateKey}' is accessible by group or others (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}); allowed: owner only (chmod 600)");
            }
        }

        if (method == AuthMethod.PublicKey)
        {
            if (isLocal && section.Node("certs") is null)
            {
                section.ReportValue("certs", "auth pubkey needs our certificate: certs: [path/to/cert.pem]");
            }

            if (isLocal && section.Node("private_key") is null)
            {
                section.ReportValue("private_key", "auth pubkey needs our private key: private_key: path/to/key.pem");
            }

            if (!isLocal && section.Node("cacerts") is null)
            {
                section.ReportValue("cacerts", "auth pubkey needs the CA certificate(s) the peer's certificate must chain to: cacerts: [path/to/ca.pem]");
            }
        }
        else if (certs.Count > 0 || cacerts.Count > 0 || crls.Count > 0 || privateKey is not null)
        {
            section.WarnValue(certs.Count > 0 ? "certs" : cacerts.Count > 0 ? "cacerts" : crls.Count > 0 ? "crls" : "private_key", "is ignored with auth psk");
        }

        return identity is null ? null : new AuthConfig(identity, method, certs, privateKey, cacerts, crls);
    }

    private static List<string> Files(YamlSection section, string key, string configPath, string allowed = "PEM or DER certificate files")
    {
        var files = new List<string>();
        foreach (var (text, _) in section.List(key) ?? [])
        {
            string full = Resolve(configPath, text);
            if (!File.Exists(full))
            {
                section.ReportValue(key, $"'{full}' does not exist; allowed: {allowed} (paths relative to the configuration file)");
                continue;
            }

            files.Add(full);
        }

        return files;
    }

    private static ChildConfig? ReadChild(string name, YamlSection section, int version)
    {
        section.AllowOnly(ChildKeys);
        int errorsBefore = DiagnosticsOf(section).Errors.Count;
        var localTs = Selectors(section, "local_ts", allowDynamic: true);
        var remoteTs = Selectors(section, "remote_ts", allowDynamic: true);
        var esp = Proposals(section, "esp_proposals", ProposalProtocol.Esp);
        var mode = section.Choice("mode", ChildSaMode.Tunnel, ("tunnel", ChildSaMode.Tunnel), ("transport", ChildSaMode.Transport));
        var lifetime = version == 1 ? Ikev1ConfigReader.ReadPhase2Lifetime(section.Section("lifetime")) : ReadLifetime(section.Section("lifetime"), LifetimeConfig.ChildDefault);
        var start = section.Choice("start_action", ConnectionAction.None, Actions);
        var close = section.Choice("close_action", ConnectionAction.None, Actions);
        if (DiagnosticsOf(section).Errors.Count != errorsBefore)
        {
            return null;
        }

        return new ChildConfig(name, localTs, remoteTs, esp, mode, lifetime, start, close) { AhProposals = Ikev1ConfigReader.ReadAhProposals(section, version) };
    }

    private static List<TrafficSelectorSpec> Selectors(YamlSection section, string key, bool allowDynamic)
    {
        var items = section.List(key);
        if (items is null)
        {
            if (allowDynamic)
            {
                return [TrafficSelectorSpec.Dynamic()];
            }

            section.ReportValue(key, "is required: subnets such as 10.1.0.0/24");
            return [];
        }

        var specs = new List<TrafficSelectorSpec>();
        foreach (var (text, _) in items)
        {
            if (!TrafficSelectorParser.TryParse(text, out var spec, out var error))
            {
                section.ReportValue(key, $"{error.Message}; allowed: a subnet (10.1.0.0/24), an address, a range (a-b) or dynamic, optionally with [protocol/port]");
            }
            else if (spec!.IsDynamic && !allowDynamic)
            {
                section.ReportValue(key, "dynamic is not allowed here; allowed: fixed subnets, addresses or ranges");
            }
            else
            {
                specs.Add(spec);
            }
        }

        if (specs.Count == 0 && items.Count == 0)
        {
            section.ReportValue(key, "is empty; allowed: one or more traffic selectors");
        }

        return specs;
    }

    private static LifetimeConfig ReadLifetime(YamlSection? section, LifetimeConfig defaults)
    {
        if (section is null)
        {
            return defaults;
        }

        section.AllowOnly(LifetimeKeys);
        var soft = ReadLimits(section.Section("soft"), defaults.Soft);
        var hard = ReadLimits(section.Section("hard"), defaults.Hard);
        if (soft.Time is { } softTime && hard.Time is { } hardTime && softTime >= hardTime)
        {
            section.ReportValue("soft", $"soft time {softTime} must be shorter than hard time {hardTime} (rekeying happens before expiry)");
        }

        if (soft.Bytes is { } softBytes && hard.Bytes is { } hardBytes && softBytes >= hardBytes)
        {
            section.ReportValue("soft", $"soft bytes {softBytes} must be fewer than hard bytes {hardBytes}");
        }

        return new LifetimeConfig(soft, hard);
    }

    private static LifetimeLimits ReadLimits(YamlSection? section, LifetimeLimits defaults)
    {
        if (section is null)
        {
            return defaults;
        }

        section.AllowOnly(LimitKeys);
        var time = section.Duration("time");
        var bytes = section.Bytes("bytes");
        return new LifetimeLimits(time ?? (section.Node("time") is null ? defaults.Time : null), bytes);
    }

    private static ManualTunnelConfig? ReadManual(string name, YamlSection section)
    {
        section.AllowOnly(ManualKeys);
        var diagnostics = DiagnosticsOf(section);
        int errorsBefore = diagnostics.Errors.Count;
        var local = Address(section, "local_addr");
        var remote = Address(section, "remote_addr");
        var localTs = Selectors(section, "local_ts", allowDynamic: false);
        var remoteTs = Selectors(section, "remote_ts", allowDynamic: false);
        string? esp = section.Text("esp", required: true);
        bool encap = section.Bool("encap", true);
        var inbound = section.Section("inbound");
        var outbound = section.Section("outbound");
        if (inbound is null)
        {
            section.ReportValue("inbound", "is required: spi and enc_key (and integ_key without an AEAD) of the SA we receive on");
        }

        if (outbound is null)
        {
            section.ReportValue("outbound", "is required: spi and enc_key (and integ_key without an AEAD) of the SA we send on");
        }

        if (diagnostics.Errors.Count != errorsBefore || local is null || remote is null || esp is null || inbound is null || outbound is null)
        {
            return null;
        }

        var ports = encap ? new UdpEncapsulationPorts(UdpEncapsulationPorts.NatTraversalPort, UdpEncapsulationPorts.NatTraversalPort) : (UdpEncapsulationPorts?)null;
        var inSa = ManualSide(inbound, SaDirection.Inbound, remote, local, esp, ports);
        var outSa = ManualSide(outbound, SaDirection.Outbound, local, remote, esp, ports);
        if (inSa is null || outSa is null)
        {
            return null;
        }

        // ManualKeying's checks (reserved SPIs, key lengths for the suite, algorithm availability) with the section's position.
        if (!ManualKeying.TryBuild(new ManualSaConfig([inSa, outSa], []), TransformRegistry.Default, out var requests, out var errors))
        {
            foreach (string error in errors)
            {
                string side = error.StartsWith("SA #1", StringComparison.Ordinal) ? "inbound" : "outbound";
                section.ReportValue(side, error[(error.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
            }

            return null;
        }

        ManualKeying.DisposeKeys(requests);
        return new ManualTunnelConfig(name, local, remote, [.. localTs.Select(s => s.Fixed!)], [.. remoteTs.Select(s => s.Fixed!)], inSa, outSa);
    }

    private static ManualSa? ManualSide(YamlSection section, SaDirection direction, IPAddress source, IPAddress destination, string esp, UdpEncapsulationPorts? ports)
    {
        section.AllowOnly(ManualSaKeys);
        long spi = section.Integer("spi", -1, 256, uint.MaxValue);
        string? encryptionKey = section.Text("enc_key", required: true);
        if (section.Node("spi") is null)
        {
            section.ReportValue("spi", "is required: the SPI, 0x100 or above");
        }

        if (spi < 0 || encryptionKey is null)
        {
            return null;
        }

        return new ManualSa
        {
            Spi = (uint)spi,
            Direction = direction,
            Source = source.ToString(),
            Destination = destination.ToString(),
            Algorithms = esp,
            EncryptionKey = encryptionKey,
            IntegrityKey = section.Text("integ_key"),
            ReqId = 0,
            UdpEncapsulation = ports,
        };
    }

    private static IPAddress? Address(YamlSection section, string key)
    {
        string? text = section.Text(key, required: true);
        if (text is null)
        {
            return null;
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            section.ReportValue(key, $"'{text}' is not an IP address; allowed: one IPv4 or IPv6 address");
            return null;
        }

        return address;
    }

    private static void CheckPskSecrets(YamlSection? connectionsSection, List<ConnectionConfig> connections, List<PskSecret> secrets)
    {
        if (connectionsSection is null)
        {
            return;
        }

        foreach (var connection in connections)
        {
            if (connection.Local.Method != AuthMethod.Psk && connection.Remote.Method != AuthMethod.Psk)
            {
                continue;
            }

            if (FindPsk(secrets, connection) is null)
            {
                var section = YamlSection.Of(connectionsSection.Node(connection.Name)!, connectionsSection.PathOf(connection.Name), DiagnosticsOf(connectionsSection));
                section?.ReportValue("remote", $"auth psk needs a secret: add to secrets.ike an entry whose ids include '{connection.Remote.Identity}' or '{connection.Local.Identity}' (or one without ids)");
            }
        }
    }

    /// <summary>The PSK for <paramref name="connection"/>, found like strongSwan: the entry naming both identities wins, then one naming either, then one without ids.</summary>
    public static PskSecret? FindPsk(IReadOnlyList<PskSecret> secrets, ConnectionConfig connection)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(connection);
        int Score(PskSecret secret)
        {
            if (secret.Identities.Count == 0)
            {
                return 1;
            }

            bool local = secret.Identities.Contains(connection.Local.Identity);
            bool remote = secret.Identities.Contains(connection.Remote.Identity);
            return local && remote ? 4 : remote ? 3 : local ? 2 : 0;
        }

        return secrets.Select(s => (Secret: s, Score: Score(s))).Where(s => s.Score > 0).OrderByDescending(s => s.Score).Select(s => s.Secret).FirstOrDefault();
    }

    private static string Resolve(string configPath, string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? "/", path));

    private static ConfigDiagnostics DiagnosticsOf(YamlSection section) => section.Diagnostics;
}
