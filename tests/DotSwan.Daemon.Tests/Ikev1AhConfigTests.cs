using DotSwan.Daemon.Configuration;
using DotSwan.Daemon.Runtime;
using DotSwan.Ike.Proposals;

namespace DotSwan.Daemon.Tests;

/// <summary><c>ah_proposals</c> on a version 1 child: AH in Quick Mode instead of ESP; refused on version 2 and for non-AH algorithms.</summary>
public sealed class Ikev1AhConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private const string Config = """
        daemon:
          data_plane: memory
        connections:
          legacy:
            version: VERSION
            local_addrs: 192.0.2.2
            remote_addrs: [192.0.2.1]
            proposals: aes256-sha256-modp2048
            local: { id: b.lab.example }
            remote: { id: a.lab.example }
            children:
              net:
                local_ts: 10.2.0.0/24
                remote_ts: 10.1.0.0/24
                ah_proposals: AH
        secrets:
          ike:
            - ids: [a.lab.example, b.lab.example]
              secret: "a-long-enough-lab-secret-0123456789"
        """;

    public void Dispose() => _dir.Dispose();

    private ConfigLoadResult Load(string version, string ah) =>
        ConfigLoader.Load(_dir.Write($"ah-{version}-{ah.Length}.yaml", Config.Replace("VERSION", version, StringComparison.Ordinal).Replace("ah_proposals: AH", $"ah_proposals: {ah}", StringComparison.Ordinal)));

    [Fact]
    public void Ah_proposals_on_a_version_1_child_reach_the_engine_connection()
    {
        var result = Load("1", "sha256, sha1");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(EngineSupport.Check(result.Config!));
        var connection = Assert.Single(result.Config!.Connections);
        var child = Assert.Single(connection.Children);
        Assert.Equal(["sha256", "sha1"], child.AhProposals.Select(s => s.ToProposalString()));
        Assert.All(child.AhProposals, s => Assert.Equal(ProposalProtocol.Ah, s.Protocol));

        using var psk = Crypto.SecretBytes.CopyOf([1, 2, 3]);
        var engine = Ikev1ConnectionFactory.Create(connection, result.Config.Daemon, psk);
        Assert.Equal(child.AhProposals, engine.AhProposals);
    }

    [Fact]
    public void Without_ah_proposals_the_child_stays_esp()
    {
        var result = ConfigLoader.Load(_dir.Write("esp.yaml", Config.Replace("VERSION", "1", StringComparison.Ordinal).Replace("        ah_proposals: AH\n", "", StringComparison.Ordinal)));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(Assert.Single(Assert.Single(result.Config!.Connections).Children).AhProposals);
    }

    [Theory]
    [InlineData("2", "sha256", "set version: 1")]
    [InlineData("1", "aes128-sha256", "aes128")]
    public void Ah_proposals_on_version_2_or_with_a_cipher_are_refused_naming_the_key(string version, string ah, string fragment)
    {
        var result = Load(version, ah);
        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors, e => e.Key == "connections.legacy.children.net.ah_proposals");
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }
}
