using DotSwan.Daemon.Configuration;
using DotSwan.Daemon.Runtime;

namespace DotSwan.Daemon.Tests;

/// <summary>The <c>version: 1</c> connection syntax: IKEv1 keys, one-value lifetimes, and each version's keys refused on the other.</summary>
public sealed class Ikev1ConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private const string Good = """
        daemon:
          data_plane: memory
        connections:
          legacy:
            version: 1
            local_addrs: 192.0.2.2
            remote_addrs: [192.0.2.1]
            proposals: aes256-sha256-modp2048, aes128-sha1-modp2048
            aggressive: no
            pfs_mode: session
            session_key_update_limit: 10
            dpd_delay: 30s
            encap: yes
            local: { id: b.lab.example }
            remote: { id: a.lab.example }
            lifetime: { time: 3h }
            children:
              net:
                local_ts: 10.2.0.0/24
                remote_ts: 10.1.0.0/24
                esp_proposals: aes128-sha256-modp2048
                lifetime: { time: 20m, kilobytes: 51200 }
                start_action: trap
                close_action: start
        secrets:
          ike:
            - ids: [a.lab.example, b.lab.example]
              secret: "a-long-enough-lab-secret-0123456789"
        """;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_version_1_connection_loads_with_its_keys_and_maps_onto_the_engine()
    {
        var result = ConfigLoader.Load(_dir.Write("v1.yaml", Good));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(EngineSupport.Check(result.Config!));
        var c = Assert.Single(result.Config!.Connections);
        Assert.Equal(1, c.Version);
        Assert.Equal(new Ikev1Options(false, Ikev1PfsMode.Session, 10), c.Ikev1);
        Assert.Equal(TimeSpan.FromHours(3), c.Lifetime.Hard.Time);
        Assert.Equal(TimeSpan.FromHours(2.7), c.Lifetime.Soft.Time);
        var child = Assert.Single(c.Children);
        Assert.Equal(new LifetimeLimits(TimeSpan.FromMinutes(20), 51200UL * 1024), child.Lifetime.Hard);

        using var psk = Crypto.SecretBytes.CopyOf([1, 2, 3]);
        var engine = Ikev1ConnectionFactory.Create(c, result.Config.Daemon, psk);
        Assert.Equal(new Ike.Ikev1.Ikev1KeyProtection(TimeSpan.FromHours(3), TimeSpan.FromMinutes(20), 51200, 10, SessionKeyPfs: true), engine.KeyProtection);
        Assert.False(engine.AggressiveMode);
        Assert.True(engine.ForceEncapsulation);
        Assert.Equal(TimeSpan.FromSeconds(30), engine.DeadPeerDetectionDelay);
        Assert.Equal("b.lab.example", engine.LocalIdentity.ToString());
    }

    [Fact]
    public void Ikev1_defaults_are_main_mode_8_hours_1_hour_and_100_mb()
    {
        string text = Good.Replace("    aggressive: no\n    pfs_mode: session\n    session_key_update_limit: 10\n", "", StringComparison.Ordinal)
            .Replace("    lifetime: { time: 3h }\n", "", StringComparison.Ordinal)
            .Replace("        lifetime: { time: 20m, kilobytes: 51200 }\n", "", StringComparison.Ordinal);
        var c = Assert.Single(ConfigLoader.Load(_dir.Write("defaults.yaml", text)).Config!.Connections);
        Assert.Equal(Ikev1Options.Default, c.Ikev1);
        Assert.Equal(TimeSpan.FromHours(8), c.Lifetime.Hard.Time);
        Assert.Equal(new LifetimeLimits(TimeSpan.FromHours(1), 100UL * 1024 * 1024), c.Children[0].Lifetime.Hard);
        using var psk = Crypto.SecretBytes.CopyOf([1]);
        var protection = Ikev1ConnectionFactory.Create(c, new DaemonSettings() with { DataPlane = DataPlaneKind.Memory }, psk).KeyProtection;
        Assert.Equal(Ike.Ikev1.Ikev1KeyProtection.Default, protection);
    }

    [Fact]
    public void A_phase_1_byte_lifetime_is_proposed_in_kilobytes()
    {
        var c = Assert.Single(ConfigLoader.Load(_dir.Write("p1.yaml", Good.Replace("lifetime: { time: 3h }", "lifetime: { time: 3h, bytes: 1G }", StringComparison.Ordinal))).Config!.Connections);
        Assert.Equal(1UL << 30, c.Lifetime.Hard.Bytes);
        using var psk = Crypto.SecretBytes.CopyOf([1]);
        Assert.Equal(1024UL * 1024, Ikev1ConnectionFactory.Create(c, new DaemonSettings(), psk).MasterKeyLifeKilobytes);
        var none = Assert.Single(ConfigLoader.Load(_dir.Write("p0.yaml", Good)).Config!.Connections);
        Assert.Equal(0UL, Ikev1ConnectionFactory.Create(none, new DaemonSettings(), psk).MasterKeyLifeKilobytes);
    }

    [Theory]
    [InlineData("master", Ikev1PfsMode.Master)]
    [InlineData("none", Ikev1PfsMode.None)]
    public void Pfs_mode_values_parse(string text, Ikev1PfsMode mode)
    {
        var c = Assert.Single(ConfigLoader.Load(_dir.Write("pfs.yaml", Good.Replace("pfs_mode: session", $"pfs_mode: {text}", StringComparison.Ordinal))).Config!.Connections);
        Assert.Equal(mode, c.Ikev1!.PfsMode);
    }

    [Fact]
    public void Bytes_are_accepted_in_place_of_kilobytes_and_zero_means_no_byte_limit()
    {
        var c = Assert.Single(ConfigLoader.Load(_dir.Write("b.yaml", Good.Replace("kilobytes: 51200", "bytes: 10M", StringComparison.Ordinal))).Config!.Connections);
        Assert.Equal(10UL * 1024 * 1024, c.Children[0].Lifetime.Hard.Bytes);
        var none = Assert.Single(ConfigLoader.Load(_dir.Write("z.yaml", Good.Replace("kilobytes: 51200", "bytes: 0", StringComparison.Ordinal))).Config!.Connections);
        Assert.Null(none.Children[0].Lifetime.Hard.Bytes);
        Assert.Equal(0UL, Ikev1ConfigReader.Kilobytes(none.Children[0].Lifetime.Hard.Bytes));
    }

    public static TheoryData<string, string, string, string, string> BadInputs => new()
    {
        // name, edit of Good (old => new), expected key, the line the error must point at, message fragment
        { "bad pfs mode", "    pfs_mode: session\n=>    pfs_mode: always\n", "connections.legacy.pfs_mode", "    pfs_mode: always", "allowed: none, session, master" },
        { "bad aggressive", "    aggressive: no\n=>    aggressive: maybe\n", "connections.legacy.aggressive", "    aggressive: maybe", "allowed: yes, no, true, false" },
        { "bad update limit", "    session_key_update_limit: 10\n=>    session_key_update_limit: -1\n", "connections.legacy.session_key_update_limit", "    session_key_update_limit: -1", "allowed: an integer from 0 to 1000000" },
        { "ikev1 key on ikev2", "    version: 1\n=>    version: 2\n", "connections.legacy.aggressive", "    aggressive: no", "is an IKEv1 setting but this connection has version 2" },
        { "ikev2 soft lifetime on ikev1", "    lifetime: { time: 3h }\n=>    lifetime: { soft: { time: 3h } }\n", "connections.legacy.lifetime.soft", "    lifetime: { soft: { time: 3h } }", "soft/hard lifetimes are IKEv2's" },
        { "ikev2 hard child lifetime on ikev1", "        lifetime: { time: 20m, kilobytes: 51200 }\n=>        lifetime: { hard: { time: 1h } }\n", "connections.legacy.children.net.lifetime.hard", "        lifetime: { hard: { time: 1h } }", "allowed here: time, bytes, kilobytes" },
        { "phase 1 bytes and kilobytes", "    lifetime: { time: 3h }\n=>    lifetime: { time: 3h, kilobytes: 1000, bytes: 1M }\n", "connections.legacy.lifetime.kilobytes", "    lifetime: { time: 3h, kilobytes: 1000, bytes: 1M }", "not both" },
        { "unknown lifetime key", "        lifetime: { time: 20m, kilobytes: 51200 }\n=>        lifetime: { time: 20m, packets: 5 }\n", "connections.legacy.children.net.lifetime.packets", "        lifetime: { time: 20m, packets: 5 }", "unknown key 'packets'" },
        { "bytes and kilobytes", "        lifetime: { time: 20m, kilobytes: 51200 }\n=>        lifetime: { time: 20m, kilobytes: 5, bytes: 5M }\n", "connections.legacy.children.net.lifetime.kilobytes", "        lifetime: { time: 20m, kilobytes: 5, bytes: 5M }", "not both" },
        { "too short lifetime", "    lifetime: { time: 3h }\n=>    lifetime: { time: 5s }\n", "connections.legacy.lifetime.time", "    lifetime: { time: 5s }", "allowed: from 10s to 365d" },
        { "bad kilobytes", "        lifetime: { time: 20m, kilobytes: 51200 }\n=>        lifetime: { time: 20m, kilobytes: lots }\n", "connections.legacy.children.net.lifetime.kilobytes", "        lifetime: { time: 20m, kilobytes: lots }", "allowed: an integer from 0" },
        { "bad phase 1 time", "    lifetime: { time: 3h }\n=>    lifetime: { time: soon }\n", "connections.legacy.lifetime.time", "    lifetime: { time: soon }", "is not a duration" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Every_bad_ikev1_input_names_file_line_key_and_what_is_allowed(string name, string edit, string key, string anchor, string fragment)
    {
        var parts = edit.Split("=>");
        Assert.Contains(parts[0], Good, StringComparison.Ordinal);
        string text = Good.Replace(parts[0], parts[1], StringComparison.Ordinal);
        int line = Array.FindIndex(text.Split('\n'), l => l.StartsWith(anchor, StringComparison.Ordinal)) + 1;
        Assert.True(line > 0, $"anchor '{anchor}' not in the edited file");
        string path = _dir.Write(name.Replace(' ', '-') + ".yaml", text);
        var result = ConfigLoader.Load(path);
        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors, e => e.Key == key);
        Assert.Equal(line, error.Line);
        Assert.True(error.Message.Contains(fragment, StringComparison.Ordinal), error.ToString());
        Assert.StartsWith($"{path}:{line}:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Ikev1_lifetimes_on_ikev2_are_refused_as_unknown_keys_naming_soft_and_hard()
    {
        string text = Good.Replace("    version: 1\n", "    version: 2\n", StringComparison.Ordinal)
            .Replace("    aggressive: no\n    pfs_mode: session\n    session_key_update_limit: 10\n", "", StringComparison.Ordinal);
        var result = ConfigLoader.Load(_dir.Write("v2.yaml", text));
        var error = Assert.Single(result.Errors, e => e.Key == "connections.legacy.lifetime.time");
        Assert.Contains("allowed here: soft, hard", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_support_refuses_mixed_authentication_methods_on_ikev1()
    {
        string mixed = Good.Replace("    remote: { id: a.lab.example }", "    remote: { id: a.lab.example, auth: pubkey, cacerts: [" + _dir.Write("ca.pem", "x") + "] }", StringComparison.Ordinal);
        var loaded = ConfigLoader.Load(_dir.Write("mixed.yaml", mixed));
        Assert.Empty(loaded.Errors);
        var error = Assert.Single(EngineSupport.Check(loaded.Config!));
        Assert.Equal("connections.legacy.remote.auth", error.Key);
        Assert.Contains("one authentication method for both sides", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_support_refuses_several_children_on_ikev1()
    {
        string twoChildren = Good.Replace("        close_action: start\n", "        close_action: start\n      more:\n        local_ts: 10.4.0.0/24\n", StringComparison.Ordinal);
        var two = ConfigLoader.Load(_dir.Write("two.yaml", twoChildren));
        Assert.Empty(two.Errors);
        var error = Assert.Single(EngineSupport.Check(two.Config!));
        Assert.Equal(("connections.legacy.children", 4), (error.Key, error.Line));
        Assert.Contains("an IKEv1 connection negotiates one set of traffic selectors", error.Message, StringComparison.Ordinal);
    }
}
