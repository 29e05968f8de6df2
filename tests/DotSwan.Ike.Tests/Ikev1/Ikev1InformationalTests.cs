using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ike.Tests.Simulation;

namespace DotSwan.Ike.Tests.Ikev1;

/// <summary>Delete in both directions, DPD, error notifications with reasons, INITIAL-CONTACT, the half-open bound and Aggressive Mode.</summary>
public sealed class Ikev1InformationalTests
{
    [Fact]
    public void Deleting_the_isakmp_sa_deletes_the_ipsec_sas_on_both_sides()
    {
        using var pair = new Ikev1EnginePair();
        pair.Establish();
        var ikeSa = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;
        pair.Network.Emit(pair.Moon, pair.Moon.Ikev1Engine.Delete(ikeSa, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(5));

        Assert.Single(pair.Moon.Of<DeleteChildSa>());
        var sunDelete = Assert.Single(pair.Sun.Of<DeleteChildSa>());
        Assert.Equal(Assert.Single(pair.Sun.Of<InstallChildSa>()).Inbound.Spi, sunDelete.InboundSpi);
        Assert.Contains("deleted by the peer", Assert.Single(pair.Sun.Of<IkeSaDeleted>()).Reason, StringComparison.Ordinal);
        Assert.Equal(IsakmpSaState.Deleted, pair.Sun.Ikev1Engine.GetState(ikeSa));
        pair.Network.Run(TimeSpan.FromMinutes(2));
        Assert.Empty(pair.Sun.Ikev1Engine.IkeSas);
        Assert.Empty(pair.Moon.Ikev1Engine.IkeSas);
    }

    [Fact]
    public void The_responder_deletes_one_ipsec_sa_pair_and_the_initiator_removes_it()
    {
        using var pair = new Ikev1EnginePair();
        pair.Establish();
        var ikeSa = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;
        pair.Network.Emit(pair.Moon, pair.Moon.Ikev1Engine.StartQuickMode(ikeSa, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(5));
        uint sunInbound = pair.Sun.Of<InstallChildSa>().First().Inbound.Spi;

        pair.Network.Emit(pair.Sun, pair.Sun.Ikev1Engine.DeleteChildSa(sunInbound, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(5));

        var moonDelete = Assert.Single(pair.Moon.Of<DeleteChildSa>());
        Assert.Equal(sunInbound, moonDelete.OutboundSpi);
        Assert.Single(Ikev1EnginePair.LiveChildren(pair.Moon));
        Assert.Single(Ikev1EnginePair.LiveChildren(pair.Sun));
        Assert.Equal(IsakmpSaState.Established, pair.Moon.Ikev1Engine.GetState(ikeSa));
    }

    [Fact]
    public void Dead_peer_detection_is_answered_and_a_silent_peer_is_declared_dead()
    {
        using var pair = new Ikev1EnginePair(configureMoon: c => c with { DeadPeerDetectionDelay = TimeSpan.FromSeconds(30) });
        pair.Establish();
        pair.Network.Run(TimeSpan.FromMinutes(3));
        Assert.Empty(pair.Moon.Of<IkeSaFailed>());
        int probes = pair.Network.Sent.Count(s => s.From == "moon") - 5; // Main Mode 3 + Quick Mode 2
        Assert.InRange(probes, 5, 7);
        Assert.Equal(probes, pair.Network.Sent.Count(s => s.From == "sun") - 4);

        pair.Network.Conditions = NetworkConditions.BlackHole;
        pair.Network.Run(TimeSpan.FromMinutes(10));
        var failed = Assert.Single(pair.Moon.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.PeerNotResponding, failed.Kind);
        Assert.Contains("R-U-THERE", failed.Reason, StringComparison.Ordinal);
        Assert.Single(pair.Moon.Of<DeleteChildSa>());
    }

    [Fact]
    public void A_wrong_psk_fails_authentication_on_both_sides_with_a_reason_to_act_on()
    {
        using var pair = new Ikev1EnginePair(sunPsk: "not the same");
        pair.Establish();

        var sun = Assert.Single(pair.Sun.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, sun.Kind);
        Assert.Contains("pre-shared keys most likely differ", sun.Reason, StringComparison.Ordinal);
        var moon = Assert.Single(pair.Moon.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, moon.Kind);
        Assert.Contains("AUTHENTICATION-FAILED", moon.Reason, StringComparison.Ordinal);
        Assert.Empty(pair.Moon.Of<IkeSaEstablished>());
        Assert.Empty(pair.Sun.Of<InstallChildSa>());
    }

    [Fact]
    public void A_phase_1_proposal_mismatch_is_no_proposal_chosen_on_both_sides()
    {
        using var pair = new Ikev1EnginePair(sunIke: "aes128-sha1-modp2048");
        pair.Establish();

        var sun = Assert.Single(pair.Sun.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.NoProposalChosen, sun.Kind);
        Assert.Contains("we accept", sun.Reason, StringComparison.Ordinal);
        var moon = Assert.Single(pair.Moon.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.NoProposalChosen, moon.Kind);
        Assert.Contains("NO-PROPOSAL-CHOSEN", moon.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Traffic_selectors_outside_the_responder_policy_are_invalid_id_information()
    {
        using var pair = new Ikev1EnginePair(configureSun: c => c with { RemoteTrafficSelectors = [TrafficSelector.FromSubnet(IPAddress.Parse("10.9.0.0"), 16)] });
        pair.Establish();

        var sun = Assert.Single(pair.Sun.Of<QuickModeFailed>());
        Assert.Equal(IkeSaFailureKind.TsUnacceptable, sun.Kind);
        Assert.Contains("check the subnets", sun.Reason, StringComparison.Ordinal);
        var moon = Assert.Single(pair.Moon.Of<QuickModeFailed>());
        Assert.Equal(IkeSaFailureKind.TsUnacceptable, moon.Kind);
        Assert.Contains("INVALID-ID-INFORMATION", moon.Reason, StringComparison.Ordinal);
        Assert.Empty(pair.Moon.Of<InstallChildSa>());
    }

    [Fact]
    public void Initial_contact_from_a_restarted_peer_removes_the_old_sas()
    {
        using var pair = new Ikev1EnginePair();
        pair.Establish();
        var old = Assert.Single(pair.Sun.Of<IkeSaEstablished>()).IkeSa;

        // Moon "restarts": a new engine with the same configuration.
        using var restarted = new Ikev1Engine([pair.MoonConnection], new SeededRandomSource(99));
        var outputs = restarted.Initiate(pair.MoonConnection, pair.Network.Now);
        var node = new SimulatedNode("moon2", EnginePair.MoonAddress, restarted);
        // Route the answers to the restarted engine: swap it in for the old moon.
        var network = new SimulatedNetwork(5, NetworkConditions.Perfect);
        network.Add(node);
        network.Add(pair.Sun);
        foreach (var send in outputs.OfType<SendDatagram>()) { network.Emit(pair.Sun, pair.Sun.Ikev1Engine.Receive(send.Datagram.Span, EnginePair.SunAddress, EnginePair.MoonAddress, pair.Network.Now)); }
        network.Run(TimeSpan.FromSeconds(10));

        Assert.Equal(2, pair.Sun.Of<IkeSaEstablished>().Count());
        Assert.Contains(pair.Sun.Of<IkeSaDeleted>(), d => d.IkeSa == old && d.Reason.Contains("INITIAL-CONTACT", StringComparison.Ordinal));
        Assert.Single(pair.Sun.Of<DeleteChildSa>());
        Assert.Single(Ikev1EnginePair.LiveChildren(pair.Sun));
        foreach (var install in node.Of<InstallChildSa>())
        {
            install.Inbound.EncryptionKey.Dispose();
            install.Outbound.EncryptionKey.Dispose();
        }
    }

    [Fact]
    public void Initial_contact_from_another_identity_at_the_same_address_leaves_the_first_peers_sas_alone()
    {
        // One responder connection for any identity; two peers behind one address (a NAT, or a load tester).
        using var pair = new Ikev1EnginePair(configureSun: c => c with { RemoteIdentity = IkeIdentity.Any });
        pair.Establish();
        var first = Assert.Single(pair.Sun.Of<IkeSaEstablished>()).IkeSa;

        var carolConnection = pair.MoonConnection with { Name = "carol-sun", LocalIdentity = IkeIdentity.Parse("carol.example.org") };
        using var carol = new Ikev1Engine([carolConnection], new SeededRandomSource(99));
        var node = new SimulatedNode("carol", EnginePair.MoonAddress, carol);
        var network = new SimulatedNetwork(5, NetworkConditions.Perfect);
        network.Add(node);
        network.Add(pair.Sun);
        network.Emit(node, carol.Initiate(carolConnection, pair.Network.Now));
        network.Run(TimeSpan.FromSeconds(10));

        Assert.Equal(2, pair.Sun.Of<IkeSaEstablished>().Count());
        Assert.Empty(pair.Sun.Of<IkeSaDeleted>());
        Assert.Empty(pair.Sun.Of<DeleteChildSa>());
        Assert.Equal(IsakmpSaState.Established, pair.Sun.Ikev1Engine.GetState(first));
        Assert.Equal(2, Ikev1EnginePair.LiveChildren(pair.Sun).Count);
        foreach (var install in node.Of<InstallChildSa>())
        {
            install.Inbound.EncryptionKey.Dispose();
            install.Outbound.EncryptionKey.Dispose();
        }
    }

    [Fact]
    public void Half_open_responder_sas_are_bounded_and_time_out()
    {
        using var pair = new Ikev1EnginePair(conditions: NetworkConditions.Perfect, sunSettings: Ikev1EngineSettings.Default with { MaxHalfOpen = 2 });
        // Three initiators that never get past message 1: only two are kept.
        using var a = new Ikev1Engine([pair.MoonConnection], new SeededRandomSource(11));
        using var b = new Ikev1Engine([pair.MoonConnection], new SeededRandomSource(12));
        using var c = new Ikev1Engine([pair.MoonConnection], new SeededRandomSource(13));
        var now = pair.Network.Now;
        foreach (var engine in new[] { a, b, c })
        {
            var first = engine.Initiate(pair.MoonConnection, now).OfType<SendDatagram>().Single();
            pair.Sun.Ikev1Engine.Receive(first.Datagram.Span, EnginePair.SunAddress, EnginePair.MoonAddress, now);
        }
        Assert.Equal(2, pair.Sun.Ikev1Engine.IkeSas.Count);
        Assert.Equal(1, pair.Sun.Ikev1Engine.Counters.HalfOpenRefused);

        var later = now + TimeSpan.FromSeconds(31);
        var failures = pair.Sun.Ikev1Engine.OnTimer(later).OfType<IkeSaFailed>().ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Equal(IkeSaFailureKind.PeerNotResponding, f.Kind));
        pair.Sun.Ikev1Engine.OnTimer(later + TimeSpan.FromMinutes(2));
        Assert.Empty(pair.Sun.Ikev1Engine.IkeSas);
    }

    [Fact]
    public void Aggressive_mode_establishes_when_both_sides_enable_it()
    {
        using var pair = new Ikev1EnginePair(configureMoon: c => c with { AggressiveMode = true }, configureSun: c => c with { AggressiveMode = true });
        pair.Establish();

        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        Assert.Single(pair.Moon.Of<InstallChildSa>());
        pair.AssertKeysCrossCheck();
        // Aggressive Mode 3 messages, Quick Mode 3.
        Assert.Equal(6, pair.Network.Sent.Count);
    }

    [Fact]
    public void Aggressive_mode_is_refused_by_default_with_the_reason()
    {
        using var pair = new Ikev1EnginePair(configureMoon: c => c with { AggressiveMode = true });
        pair.Establish();

        var sun = Assert.Single(pair.Sun.Of<IkeSaFailed>());
        Assert.Contains("offline guessing", sun.Reason, StringComparison.Ordinal);
        Assert.Equal(IkeSaFailureKind.NoProposalChosen, Assert.Single(pair.Moon.Of<IkeSaFailed>()).Kind);
    }

    [Fact]
    public void Aggressive_mode_with_a_wrong_psk_fails()
    {
        using var pair = new Ikev1EnginePair(sunPsk: "other", configureMoon: c => c with { AggressiveMode = true }, configureSun: c => c with { AggressiveMode = true });
        pair.Establish();

        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, Assert.Single(pair.Moon.Of<IkeSaFailed>()).Kind);
        Assert.Empty(pair.Sun.Of<IkeSaEstablished>());
    }

    [Fact]
    public void Transport_mode_is_negotiated()
    {
        using var pair = new Ikev1EnginePair(configureMoon: c => c with { Mode = ChildSaMode.Transport }, configureSun: c => c with { Mode = ChildSaMode.Transport });
        pair.Establish();

        Assert.Equal(ChildSaMode.Transport, Assert.Single(pair.Moon.Of<InstallChildSa>()).Mode);
        Assert.Equal(ChildSaMode.Transport, Assert.Single(pair.Sun.Of<InstallChildSa>()).Mode);
    }
}
