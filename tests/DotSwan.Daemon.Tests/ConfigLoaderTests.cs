using System.Net;
using DotSwan.Crypto;
using DotSwan.Daemon.Configuration;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using Microsoft.Extensions.Logging;

namespace DotSwan.Daemon.Tests;

public sealed class ConfigLoaderTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TempDirectory _dir = new();

    private const string Good = """
        daemon:
          listen: [192.0.2.2]
          ike_port: 500
          natt_port: 4500
          data_plane: memory
          control_socket: /run/dotswan-test/control.sock
          key_log: yes
          cookie_threshold: 100
          half_open_limit: 500
          half_open_timeout: 10s
          logging:
            default: warning
            ike: debug
        connections:
          lab:
            version: 2
            local_addrs: 192.0.2.2
            remote_addrs: [192.0.2.1]
            proposals: aes256gcm16-prfsha384-x25519, aes256-sha256-modp2048
            dpd_delay: 30s
            encap: yes
            local:
              id: b.lab.example
              auth: psk
            remote:
              id: a.lab.example
            lifetime:
              soft: { time: 3h }
              hard: { time: 4h }
            children:
              net:
                local_ts: 10.2.0.0/24
                remote_ts: 10.1.0.0/24, 10.3.0.0/24[tcp/443]
                esp_proposals: aes128gcm16-x25519
                mode: tunnel
                lifetime:
                  soft: { time: 50m, bytes: 1G }
                  hard: { time: 1h, bytes: 2G }
                start_action: trap
                close_action: start
        secrets:
          ike:
            - ids: [a.lab.example, b.lab.example]
              secret: "a-long-enough-lab-secret-0123456789"
        manual:
          static:
            local_addr: 192.0.2.2
            remote_addr: 192.0.2.1
            local_ts: 10.20.0.0/24
            remote_ts: 10.10.0.0/24
            esp: aes128gcm16
            inbound: { spi: 0x1000, enc_key: "0x000102030405060708090a0b0c0d0e0f10111213" }
            outbound: { spi: 0x2000, enc_key: "0x101112131415161718191a1b1c1d1e1f20212223" }
        """;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_complete_configuration_loads_into_the_model()
    {
        string path = _dir.Write("dotswan.yaml", Good);
        var result = ConfigLoader.Load(path);
        Assert.Empty(result.Errors);
        var config = result.Config!;
        Assert.Equal(DataPlaneKind.Memory, config.Daemon.DataPlane);
        Assert.Equal([IPAddress.Parse("192.0.2.2")], config.Daemon.Listen);
        Assert.True(config.Daemon.KeyLog);
        Assert.Equal((100, 500, TimeSpan.FromSeconds(10)), (config.Daemon.CookieThreshold, config.Daemon.HalfOpenLimit, config.Daemon.HalfOpenTimeout));
        Assert.Equal(LogLevel.Warning, config.Daemon.DefaultLogLevel);
        Assert.Equal(LogLevel.Debug, config.Daemon.LogLevels["ike"]);
        var lab = Assert.Single(config.Connections);
        Assert.Equal(("lab", 2), (lab.Name, lab.Version));
        Assert.Equal(2, lab.IkeProposals.Count);
        Assert.Equal("IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/CURVE_25519", lab.IkeProposals[0].ToString());
        Assert.Equal(IkeIdentity.Parse("b.lab.example"), lab.Local.Identity);
        Assert.Equal(AuthMethod.Psk, lab.Remote.Method);
        Assert.Equal(TimeSpan.FromSeconds(30), lab.DpdDelay);
        Assert.True(lab.ForceEncapsulation);
        Assert.Equal(TimeSpan.FromHours(3), lab.Lifetime.Soft.Time);
        var net = Assert.Single(lab.Children);
        Assert.Equal(2, net.RemoteTrafficSelectors.Count);
        Assert.Equal("10.3.0.0/24[tcp/443]", net.RemoteTrafficSelectors[1].ToString());
        Assert.Equal(ChildSaMode.Tunnel, net.Mode);
        Assert.Equal((ConnectionAction.Trap, ConnectionAction.Start), (net.StartAction, net.CloseAction));
        Assert.Equal(new LifetimeLimits(TimeSpan.FromMinutes(50), 1UL << 30), net.Lifetime.Soft);
        Assert.Equal(new LifetimeLimits(TimeSpan.FromHours(1), 2UL << 30), net.Lifetime.Hard);
        var secret = Assert.Single(config.Secrets);
        Assert.Equal("a-long-enough-lab-secret-0123456789"u8.ToArray(), secret.Secret);
        Assert.Same(secret, ConfigLoader.FindPsk(config.Secrets, lab));
        var manual = Assert.Single(config.Manual);
        Assert.Equal((0x1000u, 0x2000u), (manual.Inbound.Spi, manual.Outbound.Spi));
        Assert.Empty(EngineSupport.Check(config));
        Assert.DoesNotContain("lab-secret", secret.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_apply_when_keys_are_left_out()
    {
        string path = _dir.Write("min.yaml", """
            connections:
              c:
                local_addrs: 192.0.2.2
                remote_addrs: 192.0.2.1
                local: { id: b.lab.example }
                remote: { id: a.lab.example }
                children:
                  net: {}
            secrets:
              ike:
                - secret: 0x00112233445566778899aabbccddeeff
            """);
        var config = ConfigLoader.Load(path).Config!;
        Assert.Equal(DataPlaneKind.Tun, config.Daemon.DataPlane);
        Assert.Equal(DaemonSettings.DefaultControlSocket, config.Daemon.ControlSocket);
        Assert.Equal((30, 2048, TimeSpan.FromSeconds(30)), (config.Daemon.CookieThreshold, config.Daemon.HalfOpenLimit, config.Daemon.HalfOpenTimeout));
        var c = Assert.Single(config.Connections);
        Assert.True(c.IkeProposals.Count > 0);
        Assert.True(Assert.Single(c.Children).LocalTrafficSelectors[0].IsDynamic);
        Assert.Equal(LifetimeConfig.ChildDefault, c.Children[0].Lifetime);
        Assert.Equal(16, ConfigLoader.FindPsk(config.Secrets, c)!.Secret.Length);
    }

    [Fact]
    public void Cookie_threshold_never_turns_cookies_off()
    {
        string path = _dir.Write("never.yaml", Good.Replace("  cookie_threshold: 100\n", "  cookie_threshold: never\n", StringComparison.Ordinal));
        var result = ConfigLoader.Load(path);
        Assert.Empty(result.Errors);
        Assert.Equal(int.MaxValue, result.Config!.Daemon.CookieThreshold);
    }

    public static TheoryData<string, string, string, string, string> BadInputs => new()
    {
        // name, YAML replacing part of Good (old => new), expected key, the line the error must point at, message fragment
        { "unknown root key", "secrets:\n=>secret:\n", "secret", "secret:", "unknown key 'secret'" },
        { "unknown connection key", "    encap: yes\n=>    encapsulation: yes\n", "connections.lab.encapsulation", "    encapsulation: yes", "allowed here: version, local_addrs" },
        { "bad IKE proposal", "    proposals: aes256gcm16-prfsha384-x25519, aes256-sha256-modp2048\n=>    proposals: aes256gcm16-prfsha384-x25520\n", "connections.lab.proposals", "    proposals: aes256gcm16-prfsha384-x25520", "x25520" },
        { "bad ESP proposal", "        esp_proposals: aes128gcm16-x25519\n=>        esp_proposals: aes128gcm17\n", "connections.lab.children.net.esp_proposals", "        esp_proposals: aes128gcm17", "aes128gcm17" },
        { "bad traffic selector", "        local_ts: 10.2.0.0/24\n=>        local_ts: 10.2.0.0/33\n", "connections.lab.children.net.local_ts", "        local_ts: 10.2.0.0/33", "10.2.0.0/33" },
        { "bad address", "    local_addrs: 192.0.2.2\n=>    local_addrs: gateway.example\n", "connections.lab.local_addrs", "    local_addrs: gateway.example", "not allowed; allowed: IPv4 or IPv6 addresses" },
        { "bad identity", "      id: b.lab.example\n=>      id: \"asn1dn:zz\"\n", "connections.lab.local.id", "      id: \"asn1dn:zz\"", "" },
        { "bad duration", "    dpd_delay: 30s\n=>    dpd_delay: 30 seconds\n", "connections.lab.dpd_delay", "    dpd_delay: 30 seconds", "allowed: a number with s, m, h or d" },
        { "bad bytes", "          soft: { time: 50m, bytes: 1G }\n=>          soft: { time: 50m, bytes: 1Q }\n", "connections.lab.children.net.lifetime.soft.bytes", "          soft: { time: 50m, bytes: 1Q }", "not a byte count" },
        { "soft after hard", "          soft: { time: 50m, bytes: 1G }\n=>          soft: { time: 2h, bytes: 1G }\n", "connections.lab.children.net.lifetime.soft", "          soft: { time: 2h, bytes: 1G }", "must be shorter than hard time" },
        { "bad start action", "        start_action: trap\n=>        start_action: route\n", "connections.lab.children.net.start_action", "        start_action: route", "allowed: none, trap, start" },
        { "bad mode", "        mode: tunnel\n=>        mode: beet\n", "connections.lab.children.net.mode", "        mode: beet", "allowed: tunnel, transport" },
        { "bad version", "    version: 2\n=>    version: 3\n", "connections.lab.version", "    version: 3", "allowed: an integer from 1 to 2" },
        { "bad boolean", "  key_log: yes\n=>  key_log: sometimes\n", "daemon.key_log", "  key_log: sometimes", "allowed: yes, no, true, false" },
        { "bad data plane", "  data_plane: memory\n=>  data_plane: xfrm\n", "daemon.data_plane", "  data_plane: xfrm", "allowed: tun, memory" },
        { "bad log level", "    ike: debug\n=>    ike: chatty\n", "daemon.logging.ike", "    ike: chatty", "allowed: trace, debug" },
        { "metrics without a port", "  key_log: yes\n=>  key_log: yes\n  metrics_listen: 127.0.0.1\n", "daemon.metrics_listen", "  metrics_listen: 127.0.0.1", "allowed: e.g. 127.0.0.1:9107" },
        { "bad cookie threshold", "  cookie_threshold: 100\n=>  cookie_threshold: lots\n", "daemon.cookie_threshold", "  cookie_threshold: lots", "or never" },
        { "zero half-open limit", "  half_open_limit: 500\n=>  half_open_limit: 0\n", "daemon.half_open_limit", "  half_open_limit: 0", "allowed: an integer from 1" },
        { "relative control socket", "  control_socket: /run/dotswan-test/control.sock\n=>  control_socket: control.sock\n", "daemon.control_socket", "  control_socket: control.sock", "not an absolute path" },
        { "list where a mapping belongs", "    local:\n      id: b.lab.example\n      auth: psk\n=>    local: [b.lab.example]\n", "connections.lab.local", "    local: [b.lab.example]", "expected a mapping" },
        { "psk without a matching secret", "    - ids: [a.lab.example, b.lab.example]\n=>    - ids: [c.lab.example]\n", "connections.lab.remote", "      id: a.lab.example", "auth psk needs a secret" },
        { "empty secret", "      secret: \"a-long-enough-lab-secret-0123456789\"\n=>      secret: \"\"\n", "secrets.ike[0].secret", "      secret: \"\"", "is empty" },
        { "pubkey without certificates", "      auth: psk\n=>      auth: pubkey\n", "connections.lab.local.certs", "      id: b.lab.example", "auth pubkey needs our certificate" },
        { "missing certificate file", "      auth: psk\n=>      auth: pubkey\n      certs: [missing.pem]\n", "connections.lab.local.certs", "      certs: [missing.pem]", "does not exist" },
        { "manual key of the wrong length", "    inbound: { spi: 0x1000, enc_key: \"0x000102030405060708090a0b0c0d0e0f10111213\" }\n=>    inbound: { spi: 0x1000, enc_key: \"0x0001\" }\n", "manual.static.inbound", "    inbound: { spi: 0x1000, enc_key: \"0x0001\" }", "needs 20 bytes" },
        { "manual reserved SPI", "    outbound: { spi: 0x2000, enc_key: \"0x101112131415161718191a1b1c1d1e1f20212223\" }=>    outbound: { spi: 7, enc_key: \"0x101112131415161718191a1b1c1d1e1f20212223\" }", "manual.static.outbound.spi", "    outbound: { spi: 7, enc_key: \"0x101112131415161718191a1b1c1d1e1f20212223\" }", "allowed: an integer from 256" },
        { "missing children", "    children:\n=>    kids:\n", "connections.lab.kids", "    kids:", "unknown key 'kids'" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Every_bad_input_names_file_line_key_and_what_is_allowed(string name, string edit, string key, string anchor, string fragment)
    {
        var parts = edit.Split("=>");
        Assert.Contains(parts[0], Good, StringComparison.Ordinal);
        string text = Good.Replace(parts[0], parts[1], StringComparison.Ordinal);
        var lines = text.Split('\n');
        int line = Array.FindIndex(lines, l => l.StartsWith(anchor, StringComparison.Ordinal)
) + 1;
        Assert.True(line > 0, $"anchor '{anchor}' not in the edited file");
        string path = _dir.Write(name.Replace(' ', '-') + ".yaml", text);
        var result = ConfigLoader.Load(path);
        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors, e => e.Key == key);
        Assert.Equal(path, error.File);
        Assert.Equal(line, error.Line);
        Assert.True(error.Message.Contains(fragment, StringComparison.Ordinal), error.ToString());
        Assert.StartsWith($"{path}:{line}:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_syntax_errors_give_the_line()
    {
        string path = _dir.Write("syntax.yaml", "connections:\n  lab:\n    local_addrs: [192.0.2.2\n    remote_addrs: 192.0.2.1\n");
        var error = Assert.Single(ConfigLoader.Load(path).Errors);
        Assert.True(error.Message.Contains("is not valid YAML", StringComparison.Ordinal), error.ToString());
        Assert.True(error.Line >= 3, error.ToString());
    }

    [Fact]
    public void A_key_given_twice_is_refused()
    {
        string path = _dir.Write("twice.yaml", "daemon:\n  ike_port: 500\n  ike_port: 501\n");
        var error = Assert.Single(ConfigLoader.Load(path).Errors);
        Assert.Contains("appears twice", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Missing_empty_and_non_mapping_files_are_reported()
    {
        string missing = Path.Combine(_dir.Path, "nope.yaml");
        Assert.Contains("cannot be read", Assert.Single(ConfigLoader.Load(missing).Errors).Message, StringComparison.Ordinal);
        Assert.Contains("is empty", Assert.Single(ConfigLoader.Load(_dir.Write("empty.yaml", "")).Errors).Message, StringComparison.Ordinal);
        Assert.Contains("expected a mapping", Assert.Single(ConfigLoader.Load(_dir.Write("list.yaml", "- a\n- b\n")).Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead, "0640")]
    [InlineData(UnixFileMode.OtherRead, "0604")]
    [InlineData(UnixFileMode.GroupWrite, "0620")]
    public void A_configuration_with_secrets_readable_by_others_is_refused(UnixFileMode extra, string mode)
    {
        string path = _dir.Write("open.yaml", Good, Private | extra);
        var result = ConfigLoader.Load(path);
        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors);
        Assert.Equal((path, 0, ""), (error.File, error.Line, error.Key));
        Assert.Contains($"accessible by group or others (mode {mode})", error.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 {path}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_without_secrets_may_be_world_readable_but_its_secrets_file_may_not()
    {
        string withoutSecrets = Good[..Good.IndexOf("secrets:", StringComparison.Ordinal)] + "secrets_file: secrets.yaml\n";
        string path = _dir.Write("public.yaml", withoutSecrets, Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        string secrets = _dir.Write("secrets.yaml", Good[Good.IndexOf("secrets:", StringComparison.Ordinal)..Good.IndexOf("manual:", StringComparison.Ordinal)]);
        var ok = ConfigLoader.Load(path);
        Assert.Empty(ok.Errors);
        Assert.Single(ok.Config!.Secrets);

        File.SetUnixFileMode(secrets, Private | UnixFileMode.OtherRead);
        var refused = ConfigLoader.Load(path);
        Assert.Null(refused.Config);
        Assert.Contains(refused.Errors, e => e.File == secrets && e.Message.Contains("is a secrets file but is accessible by group or others (mode 0604)", StringComparison.Ordinal));
        Assert.Contains(refused.Errors, e => e.File == path && e.Key == "secrets_file");
    }

    [Fact]
    public void A_secrets_file_with_other_keys_is_refused_with_its_own_name_and_line()
    {
        string path = _dir.Write("main.yaml", "secrets_file: s.yaml\n");
        string secrets = _dir.Write("s.yaml", "secrets:\n  ike:\n    - secret: abcdefghijklmnopqrstuvwxyz\nconnections: {}\n");
        var result = ConfigLoader.Load(path);
        Assert.Contains(result.Errors, e => e.File == secrets && e.Line == 4 && e.Key == "connections");
    }

    [Fact]
    public void A_connection_may_have_several_children_each_with_its_own_settings()
    {
        string twoChildren = Good.Replace("        close_action: start\n", """
                    close_action: start
                  more:
                    local_ts: 10.4.0.0/24
                    remote_ts: 10.5.0.0/24, 10.6.0.0/24
                    esp_proposals: aes256gcm16-ecp384
                    mode: transport
                    lifetime: { soft: { time: 20m }, hard: { time: 30m } }
                    start_action: trap

            """, StringComparison.Ordinal);
        var two = ConfigLoader.Load(_dir.Write("two.yaml", twoChildren));
        Assert.Empty(two.Errors);
        Assert.Empty(EngineSupport.Check(two.Config!));
        var children = two.Config!.Connections[0].Children;
        Assert.Equal(["net", "more"], children.Select(c => c.Name));
        var more = children[1];
        Assert.Equal(["10.4.0.0/24"], more.LocalTrafficSelectors.Select(s => s.ToString()));
        Assert.Equal(["10.5.0.0/24", "10.6.0.0/24"], more.RemoteTrafficSelectors.Select(s => s.ToString()));
        Assert.Equal("aes256gcm16-ecp384", Assert.Single(more.EspProposals).ToProposalString());
        Assert.Equal((ChildSaMode.Transport, ConnectionAction.Trap, ConnectionAction.None), (more.Mode, more.StartAction, more.CloseAction));
        Assert.Equal((TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(30)), (more.Lifetime.Soft.Time, more.Lifetime.Hard.Time));
        // The first child keeps its own settings.
        Assert.Equal(ConnectionAction.Start, children[0].CloseAction);
    }

    [Fact]
    public void Short_pre_shared_keys_are_warned_about()
    {
        var result = ConfigLoader.Load(_dir.Write("short.yaml", Good.Replace("a-long-enough-lab-secret-0123456789", "short", StringComparison.Ordinal)));
        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.Key == "secrets.ike[0].secret" && w.Message.Contains("only 5 bytes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("2d", 172800)]
    public void Durations_parse(string text, int seconds)
    {
        Assert.True(ConfigValueParser.TryParseDuration(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5s")]
    [InlineData("5w")]
    [InlineData("1.5h")]
    [InlineData("999999999999d")]
    public void Bad_durations_do_not_parse(string text) => Assert.False(ConfigValueParser.TryParseDuration(text, out _));

    [Theory]
    [InlineData("1000", 1000UL)]
    [InlineData("1K", 1024UL)]
    [InlineData("100M", 100UL << 20)]
    [InlineData("2G", 2UL << 30)]
    [InlineData("1T", 1UL << 40)]
    public void Byte_counts_parse(string text, ulong bytes)
    {
        Assert.True(ConfigValueParser.TryParseBytes(text, out ulong value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1KB")]
    [InlineData("-1")]
    [InlineData("99999999999T")]
    public void Bad_byte_counts_do_not_parse(string text) => Assert.False(ConfigValueParser.TryParseBytes(text, out _));

    [Fact]
    public void Mutated_configurations_never_throw()
    {
        // YamlDotNet throws InvalidOperationException on some broken input (found by this test): the loader must turn
        // every such failure into an error with a position.
        const string alphabet = "[]{}:,-'\"\n #&*!|>%@`\t";
        int failures = 0;
        for (int seed = 0; seed < 400; seed++)
        {
            var random = new Random(seed);
            var text = new System.Text.StringBuilder(Good);
            for (int edits = random.Next(1, 6); edits > 0; edits--)
            {
                int at = random.Next(text.Length);
                if (random.Next(2) == 0)
                {
                    text.Remove(at, 1);
                }
                else
                {
                    text.Insert(at, alphabet[random.Next(alphabet.Length)]);
                }
            }

            var result = ConfigLoader.Parse(text.ToString(), Path.Combine(_dir.Path, $"m{seed}.yaml"));
            Assert.True(result.Config is not null || result.Errors.Count > 0);
            failures += result.Errors.Count > 0 ? 1 : 0;
        }

        Assert.True(failures > 100, $"only {failures} of 400 mutations were refused");
    }

    [Fact]
    public void Secrets_are_never_in_the_string_form_of_the_model()
    {
        var config = ConfigLoader.Load(_dir.Write("s.yaml", Good)).Config!;
        Assert.DoesNotContain("0x000102", config.Manual[0].ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("000102", config.Manual[0].Inbound.ToString(), StringComparison.Ordinal);
        using var bytes = SecretBytes.CopyOf(config.Secrets[0].Secret);
        Assert.DoesNotContain("lab-secret", bytes.ToString(), StringComparison.Ordinal);
    }
}
