using System.Net;

namespace DotSwan.Interop.Tests;

/// <summary>The lab harness's pure parts (parsing, rendering, address rules): these run everywhere, without root.</summary>
public sealed class HarnessTests
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    [Fact]
    public void List_sas_parser_reads_an_ikev2_sa_with_its_child()
    {
        var sa = Assert.Single(SwanctlIkeSa.Parse(Sample("swanctl-list-sas-ikev2.txt")));
        Assert.Equal(("lab", "ESTABLISHED", "IKEv2"), (sa.Name, sa.State, sa.Version));
        Assert.Equal(0xc55694185a0af6a9UL, sa.InitiatorSpi);
        Assert.Equal(0x2388de15a0d5ba35UL, sa.ResponderSpi);
        var child = Assert.Single(sa.Children);
        Assert.Equal(new SwanctlChildSa("net", "INSTALLED", "TUNNEL-in-UDP", "ESP:AES_GCM_16-128", 0xec4e76ce, 0x2b77fab8, 3, 3), child);
    }

    [Fact]
    public void List_sas_parser_reads_an_ikev1_sa_with_its_child()
    {
        var sa = Assert.Single(SwanctlIkeSa.Parse(Sample("swanctl-list-sas-ikev1.txt")));
        Assert.Equal(("lab", "ESTABLISHED", "IKEv1"), (sa.Name, sa.State, sa.Version));
        Assert.Equal((0x38d91ac4492f555cUL, 0x1cdca578c550e565UL), (sa.InitiatorSpi, sa.ResponderSpi));
        var child = Assert.Single(sa.Children);
        Assert.Equal(("ESP:AES_CBC-128/HMAC_SHA2_256_128/MODP_2048", 0x4e22e488u, 0x52a318a8u), (child.Protocol, child.InboundSpi, child.OutboundSpi));
    }

    [Fact]
    public void List_sas_parser_separates_several_sas_and_ignores_other_text()
    {
        string two = "no IKE_SAs\n" + Sample("swanctl-list-sas-ikev2.txt") + Sample("swanctl-list-sas-ikev1.txt");
        var sas = SwanctlIkeSa.Parse(two);
        Assert.Equal(["IKEv2", "IKEv1"], sas.Select(s => s.Version));
        Assert.All(sas, s => Assert.Single(s.Children));
        Assert.Empty(SwanctlIkeSa.Parse(""));
    }

    [Fact]
    public void Swanctl_config_renders_the_connection_both_versions()
    {
        var config = new SwanctlConfig
        {
            LocalAddress = IPAddress.Parse("192.0.2.1"),
            RemoteAddress = IPAddress.Parse("192.0.2.2"),
            LocalId = "a.lab.example",
            RemoteId = "b.lab.example",
            LocalTrafficSelector = "10.1.0.0/24",
            RemoteTrafficSelector = "10.2.0.0/24",
        };
        string v2 = config.Render();
        foreach (var line in new[]
        {
            "version = 2", "local_addrs = 192.0.2.1", "remote_addrs = 192.0.2.2", $"proposals = {config.Proposals}",
            "id = a.lab.example", "id = b.lab.example", "local_ts = 10.1.0.0/24", "remote_ts = 10.2.0.0/24",
            $"esp_proposals = {config.EspProposals}", $"secret = \"{config.PreSharedKey}\"",
        })
        {
            Assert.Contains(line, v2, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("aggressive", v2, StringComparison.Ordinal);
        string v1 = (config with { Version = 1 }).Render();
        Assert.Contains("version = 1", v1, StringComparison.Ordinal);
        Assert.Contains("aggressive = no", v1, StringComparison.Ordinal);
        Assert.Equal(v1.Count(c => c == '{'), v1.Count(c => c == '}'));
        Assert.Throws<InvalidOperationException>(() => (config with { Version = 3 }).Render());
    }

    [Fact]
    public void Swanctl_config_renders_certificate_authentication()
    {
        var config = new SwanctlConfig
        {
            LocalAddress = IPAddress.Parse("192.0.2.1"),
            RemoteAddress = IPAddress.Parse("192.0.2.2"),
            LocalId = "a.lab.example",
            RemoteId = "b.lab.example",
            LocalTrafficSelector = "10.1.0.0/24",
            RemoteTrafficSelector = "10.2.0.0/24",
            LocalAuth = "pubkey",
            RemoteAuth = "pubkey",
            LocalCertificate = "a.crt",
            RemoteCaCertificates = ["ca.crt", "ca2.crt"],
        };
        string text = config.Render();
        Assert.Contains("local {\n            auth = pubkey\n            id = a.lab.example\n            certs = a.crt\n        }", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("remote {\n            auth = pubkey\n            id = b.lab.example\n            cacerts = ca.crt, ca2.crt\n        }", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(text.Count(c => c == '{'), text.Count(c => c == '}'));
        Assert.DoesNotContain("certs", new SwanctlConfig
        {
            LocalAddress = IPAddress.Parse("192.0.2.1"), RemoteAddress = IPAddress.Parse("192.0.2.2"), LocalId = "a", RemoteId = "b",
            LocalTrafficSelector = "10.1.0.0/24", RemoteTrafficSelector = "10.2.0.0/24",
        }.Render(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("198.51.100.7", "10.1.0.1", true)]
    [InlineData("203.0.113.9", "10.9.9.9", true)]
    [InlineData("192.168.1.1", "10.1.0.1", false)]
    [InlineData("8.8.8.8", "10.1.0.1", false)]
    [InlineData("192.0.2.1", "172.16.0.1", false)]
    public void Topology_allows_only_documentation_outer_and_private_inner_addresses(string outer, string inner, bool allowed)
    {
        var topology = LabTopology.Default with { OuterA = IPAddress.Parse(outer), InnerA = IPAddress.Parse(inner) };
        var error = Record.Exception(topology.Validate);
        Assert.Equal(allowed, error is null);
        if (!allowed) { Assert.IsType<ArgumentException>(error); }
    }

    [Fact]
    public void Requirement_reason_is_null_or_names_the_fix()
    {
        // Either the lab can run here, or the skip reason says how to get it.
        Assert.True(LabRequirements.MissingReason is null || LabRequirements.MissingReason.Contains("./test.sh as root installs it", StringComparison.Ordinal));
    }

    [Fact]
    public void Commands_are_bounded_and_report_their_outcome()
    {
        var ok = LabCommand.Run("/bin/sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.Equal((3, "out\n", "err\n", false), (ok.ExitCode, ok.StandardOutput, ok.StandardError, ok.TimedOut));
        Assert.False(ok.Succeeded);
        var slow = LabCommand.Run("/bin/sh", ["-c", "sleep 30"], TimeSpan.FromMilliseconds(300));
        Assert.True(slow.TimedOut);
        Assert.Throws<LabException>(() => slow.EnsureSuccess());
        Assert.Equal(127, LabCommand.Run("/nonexistent/dsw-no-such-program").ExitCode);
    }
}
