using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Tests.Simulation;

namespace DotSwan.Ike.Tests.Ikev1;

/// <summary>Quick Mode PFS, several Quick Modes over one phase 1, the session key update limit, master key PFS and lifetimes.</summary>
public sealed class Ikev1KeyProtectionTests
{
    private static Func<Ikev1Connection, Ikev1Connection> With(Ikev1KeyProtection protection) => c => c with { KeyProtection = protection };

    [Theory]
    [InlineData("aes128-sha256-modp2048", KeyExchangeMethod.Modp2048)]
    [InlineData("aes128-sha256-ecp256", KeyExchangeMethod.Ecp256)]
    [InlineData("aes128-sha256-modp3072", KeyExchangeMethod.Modp3072)]
    public void Quick_mode_with_pfs_uses_the_esp_proposal_group(string esp, KeyExchangeMethod group)
    {
        using var pair = new Ikev1EnginePair(moonEsp: esp, sunEsp: esp);
        pair.Establish();

        var install = Assert.Single(pair.Moon.Of<InstallChildSa>());
        Assert.Equal(group, Assert.Single(install.Suite.KeyExchange));
        pair.AssertKeysCrossCheck();
    }

    [Fact]
    public void Session_key_pfs_without_a_group_in_the_proposal_uses_the_phase_1_group_and_the_responder_accepts_it()
    {
        using var pair = new Ikev1EnginePair(configureMoon: With(Ikev1KeyProtection.Default with { SessionKeyPfs = true }));
        pair.Establish();

        var install = Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Equal(KeyExchangeMethod.Ecp256, Assert.Single(install.Suite.KeyExchange));
        pair.AssertKeysCrossCheck();
    }

    [Fact]
    public void Pfs_mismatch_when_the_responder_requires_a_group_is_no_proposal_chosen()
    {
        using var pair = new Ikev1EnginePair(sunEsp: "aes128-sha256-modp2048");
        pair.Establish();

        var sunFailure = Assert.Single(pair.Sun.Of<QuickModeFailed>());
        Assert.Equal(IkeSaFailureKind.NoProposalChosen, sunFailure.Kind);
        Assert.True(sunFailure.Reason.Contains("we accept aes128-sha256-modp2048", StringComparison.Ordinal), sunFailure.Reason);
        var moonFailure = Assert.Single(pair.Moon.Of<QuickModeFailed>());
        Assert.Contains("peer sent NO-PROPOSAL-CHOSEN (14): the peer accepts none of our proposals", moonFailure.Reason, StringComparison.Ordinal);
        Assert.Empty(pair.Moon.Of<InstallChildSa>());
        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
    }

    [Fact]
    public void Several_quick_modes_run_over_one_phase_1_with_distinct_keys()
    {
        using var pair = new Ikev1EnginePair();
        var id = pair.Establish();
        var ikeSa = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;
        for (int i = 0; i < 3; i++)
        {
            pair.Network.Emit(pair.Moon, pair.Moon.Ikev1Engine.StartQuickMode(ikeSa, pair.Network.Now));
            pair.Network.Run(TimeSpan.FromSeconds(10));
        }

        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Equal(4, pair.Moon.Of<InstallChildSa>().Count());
        Assert.Equal(4, pair.Sun.Of<InstallChildSa>().Count());
        Assert.Equal(4, pair.Moon.Ikev1Engine.QuickModesUsed(ikeSa));
        Assert.Equal(4, pair.Moon.Of<InstallChildSa>().Select(i => Convert.ToHexString(i.Outbound.EncryptionKey.ReadOnlySpan)).Distinct().Count());
        Assert.Equal(4, pair.Moon.Ikev1Engine.ChildSas(ikeSa).Count);
        pair.AssertKeysCrossCheck();
        Assert.NotEqual(default, id);
    }

    [Fact]
    public void The_session_key_update_limit_renegotiates_phase_1_after_n_quick_modes()
    {
        using var pair = new Ikev1EnginePair(configureMoon: With(Ikev1KeyProtection.Default with { SessionKeyUpdateLimit = 2 }));
        pair.Establish();
        var first = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;
        pair.Network.Emit(pair.Moon, pair.Moon.Ikev1Engine.StartQuickMode(first, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(10));
        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Equal(2, pair.Moon.Ikev1Engine.QuickModesUsed(first));

        // The third session key needs new keying material: a new phase 1 first, which adopts the two pairs.
        pair.Network.Emit(pair.Moon, pair.Moon.Ikev1Engine.StartQuickMode(first, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(10));

        var established = pair.Moon.Of<IkeSaEstablished>().ToList();
        Assert.Equal(2, established.Count);
        var second = established[1].IkeSa;
        Assert.NotEqual(first, second);
        Assert.Equal(1, pair.Moon.Ikev1Engine.QuickModesUsed(second));
        Assert.Equal(3, pair.Moon.Ikev1Engine.ChildSas(second).Count);
        Assert.Contains(pair.Moon.Of<IkeSaDeleted>(), d => d.IkeSa == first);
        Assert.Contains(pair.Sun.Of<IkeSaDeleted>(), d => d.IkeSa == first);
        Assert.Empty(pair.Moon.Of<DeleteChildSa>());
        Assert.Empty(pair.Sun.Of<DeleteChildSa>());
        Assert.Equal(3, pair.Sun.Ikev1Engine.ChildSas(second).Count);
        pair.AssertKeysCrossCheck();
    }

    [Fact]
    public void With_session_key_pfs_the_update_limit_is_ignored()
    {
        using var pair = new Ikev1EnginePair(configureMoon: With(Ikev1KeyProtection.Default with { SessionKeyUpdateLimit = 1, SessionKeyPfs = true }));
        pair.Establish();
        var ikeSa = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;
        for (int i = 0; i < 2; i++)
        {
            pair.Network.Emit(pair.Moon, pair.Moon.Ikev1Engine.StartQuickMode(ikeSa, pair.Network.Now));
            pair.Network.Run(TimeSpan.FromSeconds(10));
        }

        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Equal(3, pair.Moon.Ikev1Engine.QuickModesUsed(ikeSa));
        Assert.All(pair.Moon.Of<InstallChildSa>(), i => Assert.Single(i.Suite.KeyExchange));
        pair.AssertKeysCrossCheck();
    }

    [Fact]
    public void Master_key_pfs_runs_one_quick_mode_per_phase_1()
    {
        using var pair = new Ikev1EnginePair(configureMoon: With(Ikev1KeyProtection.Default with { MasterKeyPfs = true }));
        pair.Establish();
        for (int i = 0; i < 2; i++)
        {
            var current = pair.Moon.Of<IkeSaEstablished>().Last().IkeSa;
            pair.Network.Emit(pair.Moon, pair.Moon.Ikev1Engine.StartQuickMode(current, pair.Network.Now));
            pair.Network.Run(TimeSpan.FromSeconds(10));
        }

        var established = pair.Moon.Of<IkeSaEstablished>().Select(e => e.IkeSa).ToList();
        Assert.True(established.Distinct().Count() == 3, Ikev1Trace.Of(pair));
        Assert.Equal(3, pair.Moon.Of<InstallChildSa>().Count());
        Assert.All(established, id => Assert.True(pair.Moon.Ikev1Engine.QuickModesUsed(id) <= 1));
        Assert.Equal(2, pair.Sun.Of<IkeSaDeleted>().Count());
        Assert.Equal(3, Ikev1EnginePair.LiveChildren(pair.Sun).Count);
        pair.AssertKeysCrossCheck();
    }

    [Fact]
    public void Session_keys_are_rekeyed_by_time_and_the_old_pair_is_deleted_on_both_sides()
    {
        var protection = Ikev1KeyProtection.Default with { SessionKeyLifetime = TimeSpan.FromMinutes(10) };
        using var pair = new Ikev1EnginePair(configureMoon: With(protection), configureSun: With(protection));
        pair.Establish();
        pair.Network.Run(TimeSpan.FromMinutes(25));

        // Rekeyed at 9 and 18 minutes: three pairs over time, one alive at the end, on the same phase 1.
        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Equal(3, pair.Moon.Of<InstallChildSa>().Count());
        Assert.Equal(2, pair.Moon.Of<DeleteChildSa>().Count());
        Assert.Equal(2, pair.Sun.Of<DeleteChildSa>().Count());
        Assert.Single(Ikev1EnginePair.LiveChildren(pair.Moon));
        Assert.Single(Ikev1EnginePair.LiveChildren(pair.Sun));
        var rekeyAt = pair.Moon.Outputs.Where(o => o.Output is InstallChildSa).Select(o => o.Time - SimulatedNetwork.Epoch).ToList();
        Assert.InRange(rekeyAt[1], TimeSpan.FromMinutes(8.9), TimeSpan.FromMinutes(9.1));
        pair.AssertKeysCrossCheck();
    }

    [Fact]
    public void A_shorter_responder_lifetime_is_announced_with_responder_lifetime_and_adopted_by_the_initiator()
    {
        using var pair = new Ikev1EnginePair(
            configureMoon: With(Ikev1KeyProtection.Default with { SessionKeyLifetime = TimeSpan.FromHours(1), SessionKeyLifeKilobytes = 0 }),
            configureSun: With(Ikev1KeyProtection.Default with { SessionKeyLifetime = TimeSpan.FromMinutes(20), SessionKeyLifeKilobytes = 5000 }));
        pair.Establish();

        Assert.Contains("lifetime 1200s/5000KB", Assert.Single(pair.Moon.Of<ChildSaEstablished>()).Description, StringComparison.Ordinal);
        Assert.Contains("lifetime 1200s/5000KB", Assert.Single(pair.Sun.Of<ChildSaEstablished>()).Description, StringComparison.Ordinal);
        // The initiator rekeys at 90% of the responder's lifetime, not of its own.
        pair.Network.Run(TimeSpan.FromMinutes(19));
        Assert.Equal(2, pair.Moon.Of<InstallChildSa>().Count());
    }

    [Fact]
    public void Session_keys_are_rekeyed_and_then_deleted_by_kilobytes()
    {
        var protection = Ikev1KeyProtection.Default with { SessionKeyLifeKilobytes = 1000 };
        using var pair = new Ikev1EnginePair(configureMoon: With(protection), configureSun: With(protection));
        pair.Establish();
        uint first = Assert.Single(pair.Sun.Of<InstallChildSa>()).Inbound.Spi;

        pair.Network.Emit(pair.Sun, pair.Sun.Ikev1Engine.ReportChildSaBytes(first, 800 * 1024, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(10));
        Assert.Empty(pair.Sun.Of<InstallChildSa>().Skip(1));

        // Over 90%: the side that counted (here the responder) starts the rekeying Quick Mode.
        pair.Network.Emit(pair.Sun, pair.Sun.Ikev1Engine.ReportChildSaBytes(first, 950 * 1024, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(10));
        Assert.Equal(2, pair.Sun.Of<InstallChildSa>().Count());
        Assert.Equal(2, pair.Moon.Of<InstallChildSa>().Count());
        Assert.Contains(pair.Sun.Of<DeleteChildSa>(), d => d.InboundSpi == first);
        Assert.Single(Ikev1EnginePair.LiveChildren(pair.Moon));

        // The new pair's hard byte limit deletes it (and tells the peer).
        uint second = pair.Sun.Of<InstallChildSa>().Last().Inbound.Spi;
        pair.Network.Emit(pair.Sun, pair.Sun.Ikev1Engine.ReportChildSaBytes(second, 1000 * 1024, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(10));
        Assert.Empty(Ikev1EnginePair.LiveChildren(pair.Sun));
        Assert.Empty(Ikev1EnginePair.LiveChildren(pair.Moon));
        pair.AssertKeysCrossCheck();
    }

    [Fact]
    public void Phase_1_is_renegotiated_before_its_lifetime_and_the_ipsec_sas_carry_over()
    {
        var protection = Ikev1KeyProtection.Default with { MasterKeyLifetime = TimeSpan.FromHours(1), SessionKeyLifetime = TimeSpan.FromHours(3) };
        using var pair = new Ikev1EnginePair(configureMoon: With(protection), configureSun: With(protection));
        var first = pair.Establish();
        pair.Network.Run(TimeSpan.FromMinutes(100));

        // Renewed at 54 minutes (90% of the hour); the renewal would itself be renewed at 108, past the end of the run.
        var established = pair.Moon.Of<IkeSaEstablished>().ToList();
        Assert.Equal(2, established.Count);
        Assert.Contains(pair.Sun.Of<IkeSaDeleted>(), d => d.IkeSa.InitiatorSpi == first.InitiatorSpi);
        Assert.True(!pair.Moon.Of<DeleteChildSa>().Any() && !pair.Sun.Of<DeleteChildSa>().Any(), Ikev1Trace.Of(pair));
        Assert.Single(pair.Moon.Ikev1Engine.ChildSas(established[1].IkeSa));
        Assert.Single(pair.Sun.Ikev1Engine.ChildSas(established[1].IkeSa));
    }

    [Fact]
    public void A_responder_with_the_shorter_phase_1_lifetime_renews_phase_1_itself()
    {
        using var pair = new Ikev1EnginePair(
            configureMoon: With(Ikev1KeyProtection.Default with { SessionKeyLifetime = TimeSpan.FromHours(3) }),
            configureSun: With(Ikev1KeyProtection.Default with { MasterKeyLifetime = TimeSpan.FromHours(1), SessionKeyLifetime = TimeSpan.FromHours(3) }));
        var first = pair.Establish();
        pair.Network.Run(TimeSpan.FromMinutes(70));

        var renewed = pair.Sun.Of<IkeSaEstablished>().Where(e => e.IsInitiator).ToList();
        Assert.Single(renewed);
        Assert.Contains(pair.Moon.Of<IkeSaDeleted>(), d => d.IkeSa.InitiatorSpi == first.InitiatorSpi);
        Assert.True(!pair.Moon.Of<DeleteChildSa>().Any() && !pair.Sun.Of<DeleteChildSa>().Any(), Ikev1Trace.Of(pair));
        Assert.Single(pair.Sun.Ikev1Engine.ChildSas(renewed[0].IkeSa));
        Assert.Single(pair.Moon.Ikev1Engine.ChildSas(renewed[0].IkeSa));
    }

    [Fact]
    public void When_the_peer_renewed_phase_1_an_expiring_isakmp_sa_hands_its_ipsec_sas_to_the_new_one()
    {
        var protection = Ikev1KeyProtection.Default with { MasterKeyLifetime = TimeSpan.FromHours(1), SessionKeyLifetime = TimeSpan.FromHours(3) };
        using var pair = new Ikev1EnginePair(configureMoon: With(protection), configureSun: With(protection));
        var first = pair.Establish();
        // The initiator's Delete for the old ISAKMP SA is lost: the responder only finds out at the hard lifetime.
        pair.Network.Rewrite = (from, bytes) => from == "moon" && bytes[18] == 5 ? [.. bytes.Take(20)] : bytes;
        pair.Network.Run(TimeSpan.FromMinutes(70));

        var second = pair.Sun.Of<IkeSaEstablished>().Last().IkeSa;
        Assert.NotEqual(first, second);
        Assert.Contains(pair.Sun.Of<IkeSaDeleted>(), d => d.IkeSa.InitiatorSpi == first.InitiatorSpi && d.Reason.Contains("lifetime", StringComparison.Ordinal));
        Assert.True(!pair.Sun.Of<DeleteChildSa>().Any() && !pair.Moon.Of<DeleteChildSa>().Any(), Ikev1Trace.Of(pair));
        Assert.Single(pair.Sun.Ikev1Engine.ChildSas(second));
        Assert.Single(pair.Moon.Ikev1Engine.ChildSas(second));
    }

    [Fact]
    public void Reauthentication_on_command_replaces_phase_1_and_keeps_the_ipsec_sas()
    {
        using var pair = new Ikev1EnginePair();
        pair.Establish();
        var first = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;
        pair.Network.Emit(pair.Moon, pair.Moon.Ikev1Engine.Reauthenticate(first, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(10));

        var second = pair.Moon.Of<IkeSaEstablished>().Last().IkeSa;
        Assert.NotEqual(first, second);
        Assert.Contains(pair.Sun.Of<IkeSaDeleted>(), d => d.IkeSa == first);
        Assert.Empty(pair.Moon.Of<DeleteChildSa>());
        Assert.Empty(pair.Sun.Of<DeleteChildSa>());
        Assert.Single(pair.Moon.Ikev1Engine.ChildSas(second));
        Assert.Single(pair.Sun.Ikev1Engine.ChildSas(second));
    }

    [Fact]
    public void A_quick_mode_that_times_out_re_runs_phase_1()
    {
        using var pair = new Ikev1EnginePair();
        var first = pair.Establish();
        var ikeSa = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;

        pair.Network.Conditions = NetworkConditions.BlackHole;
        pair.Network.Emit(pair.Moon, pair.Moon.Ikev1Engine.StartQuickMode(ikeSa, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(170));
        var failed = Assert.Single(pair.Moon.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.PeerNotResponding, failed.Kind);
        Assert.Contains("re-running phase 1", failed.Reason, StringComparison.Ordinal);

        pair.Network.Conditions = NetworkConditions.Perfect;
        pair.Network.Run(TimeSpan.FromMinutes(5));
        var established = pair.Moon.Of<IkeSaEstablished>().ToList();
        Assert.Equal(2, established.Count);
        Assert.Equal(2, pair.Moon.Ikev1Engine.ChildSas(established[1].IkeSa).Count);
        Assert.Equal(2, pair.Moon.Of<InstallChildSa>().Count());
        Assert.NotEqual(first, established[1].IkeSa);
        pair.AssertKeysCrossCheck();
    }
}
