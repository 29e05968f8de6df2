using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;

namespace DotSwan.Ike.Tests.Simulation;

public sealed class NatTraversalSimulationTests
{
    [Fact]
    public void Without_a_nat_ike_stays_on_500_and_esp_is_not_encapsulated()
    {
        using var pair = new EnginePair();
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(2));

        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.All(pair.Moon.Of<SendDatagram>().Concat(pair.Sun.Of<SendDatagram>()), s =>
        {
            Assert.Equal((500, 500, false), (s.Local.Port, s.Remote.Port, s.NonEspMarker));
        });
        Assert.Null(Assert.Single(pair.Moon.Of<InstallChildSa>()).UdpEncapsulation);
        Assert.Null(Assert.Single(pair.Sun.Of<InstallChildSa>()).UdpEncapsulation);
        Assert.Empty(pair.Moon.Of<SendNatKeepalive>());
        Assert.Empty(pair.Sun.Of<SendNatKeepalive>());
    }

    [Fact]
    public void Initiator_behind_nat_floats_to_4500_encapsulates_esp_and_sends_keepalives()
    {
        using var pair = new EnginePair(moonBehindNat: true);
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromSeconds(70));

        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        var moonSends = pair.Moon.Of<SendDatagram>().ToList();
        // IKE_SA_INIT on 500 without marker, IKE_AUTH on 4500 with it.
        Assert.Equal((500, 500, false), (moonSends[0].Local.Port, moonSends[0].Remote.Port, moonSends[0].NonEspMarker));
        Assert.Equal((4500, 4500, true), (moonSends[1].Local.Port, moonSends[1].Remote.Port, moonSends[1].NonEspMarker));
        var sunSends = pair.Sun.Of<SendDatagram>().ToList();
        Assert.Equal(500, sunSends[0].Local.Port);
        var mapped = pair.Network.Wire.Single(w => w.From == "moon" && w.Destination.Port == 4500 && w.Wire.Length > 1).Source;
        Assert.Equal(EnginePair.MoonNatAddress, mapped.Address);
        Assert.Equal((4500, mapped, true), (sunSends[1].Local.Port, sunSends[1].Remote, sunSends[1].NonEspMarker));
        Assert.Equal(0, pair.Network.UnmarkedOn4500);

        var moonChild = Assert.Single(pair.Moon.Of<InstallChildSa>());
        var sunChild = Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Equal(new UdpEncapsulation(4500, 4500), moonChild.UdpEncapsulation);
        Assert.Equal(new UdpEncapsulation(4500, (ushort)mapped.Port), sunChild.UdpEncapsulation);
        Assert.Equal(mapped, sunChild.Remote);

        // Moon is behind the NAT: it keeps the mapping alive every 20 s; sun is not and sends none.
        var keepalives = pair.Moon.Outputs.Where(o => o.Output is SendNatKeepalive).Select(o => o.Time).ToList();
        Assert.Equal(3, keepalives.Count);
        Assert.All(keepalives.Zip(keepalives.Skip(1), (a, b) => b - a), gap => Assert.Equal(TimeSpan.FromSeconds(20), gap));
        Assert.All(pair.Moon.Of<SendNatKeepalive>(), k => Assert.Equal((4500, 4500), (k.Local.Port, k.Remote.Port)));
        Assert.Empty(pair.Sun.Of<SendNatKeepalive>());
        Assert.Equal(3, pair.Network.KeepalivesDelivered);
    }

    [Fact]
    public void Responder_behind_a_port_forwarding_nat_is_detected_on_its_side()
    {
        using var pair = new EnginePair(sunBehindNat: true);
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromSeconds(30));

        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        var sunChild = Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Equal(new UdpEncapsulation(4500, 4500), sunChild.UdpEncapsulation);
        Assert.Equal(new UdpEncapsulation(4500, 4500), Assert.Single(pair.Moon.Of<InstallChildSa>()).UdpEncapsulation);
        Assert.NotEmpty(pair.Sun.Of<SendNatKeepalive>());
        Assert.Empty(pair.Moon.Of<SendNatKeepalive>());
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Forced_encapsulation_floats_without_a_nat_and_sends_no_keepalives(bool forceOnMoon, bool forceOnSun)
    {
        var forced = new NatTraversalSettings(ForceEncapsulation: true);
        using var pair = new EnginePair(
            configureMoon: c => forceOnMoon ? c with { NatTraversal = forced } : c,
            configureSun: c => forceOnSun ? c with { NatTraversal = forced } : c);
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(1));

        Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        Assert.Equal(new UdpEncapsulation(4500, 4500), Assert.Single(pair.Moon.Of<InstallChildSa>()).UdpEncapsulation);
        Assert.Equal(new UdpEncapsulation(4500, 4500), Assert.Single(pair.Sun.Of<InstallChildSa>()).UdpEncapsulation);
        Assert.True(pair.Moon.Of<SendDatagram>().Skip(1).All(s => s.NonEspMarker && s.Remote.Port == 4500));
        Assert.Empty(pair.Moon.Of<SendNatKeepalive>());
        Assert.Empty(pair.Sun.Of<SendNatKeepalive>());
    }

    [Fact]
    public void Ike_sa_init_on_4500_stays_there_and_forced_encapsulation_still_applies()
    {
        // strongSwan reauthenticates with IKE_SA_INIT straight on 4500 (seen live): the responder must encapsulate
        // the new Child SA although nothing floats.
        var on4500 = new System.Net.IPEndPoint(EnginePair.MoonAddress.Address, 4500);
        var sun4500 = new System.Net.IPEndPoint(EnginePair.SunAddress.Address, 4500);
        var forced = new NatTraversalSettings(ForceEncapsulation: true);
        using var pair = new EnginePair(
            configureMoon: c => c with { LocalEndPoint = on4500, RemoteEndPoint = sun4500 },
            configureSun: c => c with { NatTraversal = forced });
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(1));

        Assert.Equal(0, pair.Network.UnmarkedOn4500);
        Assert.All(pair.Moon.Of<SendDatagram>().Concat(pair.Sun.Of<SendDatagram>()), s => Assert.Equal((4500, 4500, true), (s.Local.Port, s.Remote.Port, s.NonEspMarker)));
        Assert.Equal(new UdpEncapsulation(4500, 4500), Assert.Single(pair.Sun.Of<InstallChildSa>()).UdpEncapsulation);
        Assert.Equal(new UdpEncapsulation(4500, 4500), Assert.Single(pair.Moon.Of<InstallChildSa>()).UdpEncapsulation);
        Assert.Empty(pair.Sun.Of<UpdateChildSaEndPoints>());
    }

    [Fact]
    public void Responder_follows_the_initiators_new_nat_mapping_and_reports_the_right_port_on_delete()
    {
        using var pair = new EnginePair(moonBehindNat: true);
        var id = pair.Initiate();
        pair.Network.Run(TimeSpan.FromSeconds(5));
        var firstPort = Assert.Single(pair.Sun.Of<InstallChildSa>()).Remote.Port;

        // The NAT forgets its mappings; moon's next message gets a new public port.
        pair.MoonNat!.Rebind();
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.CheckLiveness(id, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(5));

        var update = Assert.Single(pair.Sun.Of<UpdateChildSaEndPoints>());
        Assert.NotEqual(firstPort, update.Remote.Port);
        Assert.Equal(EnginePair.MoonNatAddress, update.Remote.Address);
        Assert.Equal(new UdpEncapsulation(4500, (ushort)update.Remote.Port), update.UdpEncapsulation);
        // Sun's own request now reaches moon through the new mapping and is answered at once.
        var sunId = Assert.Single(pair.Sun.Of<IkeSaEstablished>()).IkeSa;
        var check = pair.Sun.Engine.CheckLiveness(sunId, pair.Network.Now);
        Assert.Equal(update.Remote, Assert.Single(check.OfType<SendDatagram>()).Remote);
        pair.Network.Emit(pair.Sun, check);
        pair.Network.Run(TimeSpan.FromSeconds(5));
        Assert.Equal(0, pair.Sun.Engine.Counters.RequestsRetransmitted);
        Assert.Equal(0, pair.Sun.Engine.Counters.UnexpectedResponses);

        pair.Network.Emit(pair.Moon, pair.Moon.Engine.Delete(id, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(5));
        var deleted = Assert.Single(pair.Sun.Of<IkeSaDeleted>());
        Assert.Equal($"deleted by peer {update.Remote}", deleted.Reason);
        Assert.Single(pair.Moon.Of<IkeSaDeleted>());
    }

    [Fact]
    public void Responder_reports_the_floated_port_when_the_peer_deletes()
    {
        // The bug seen in the last session: the reason named the IKE_SA_INIT endpoint (port 500) of a floated peer.
        var forced = new NatTraversalSettings(ForceEncapsulation: true);
        using var pair = new EnginePair(configureMoon: c => c with { NatTraversal = forced });
        var id = pair.Initiate();
        pair.Network.Run(TimeSpan.FromSeconds(5));
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.Delete(id, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(5));
        Assert.Equal($"deleted by peer {EnginePair.MoonAddress.Address}:4500", Assert.Single(pair.Sun.Of<IkeSaDeleted>()).Reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Keepalives_keep_the_mapping_open_for_the_responders_requests(bool keepalives)
    {
        var settings = new NatTraversalSettings(KeepaliveInterval: keepalives ? null : TimeSpan.Zero);
        using var pair = new EnginePair(moonBehindNat: true, natIdleTimeout: TimeSpan.FromSeconds(30),
            configureMoon: c => c with { NatTraversal = settings });
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(5));
        // Five quiet minutes later sun checks whether moon is alive.
        var sunId = Assert.Single(pair.Sun.Of<IkeSaEstablished>()).IkeSa;
        pair.Network.Emit(pair.Sun, pair.Sun.Engine.CheckLiveness(sunId, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromMinutes(5));

        if (keepalives)
        {
            Assert.Empty(pair.Sun.Of<IkeSaDeleted>());
            Assert.Equal(0, pair.Sun.Engine.Counters.RequestsRetransmitted);
            Assert.Equal(3, pair.Network.Wire.Count(w => w.From == "sun")); // two responses and the liveness check, answered
            Assert.True(pair.Network.KeepalivesDelivered >= 14, $"{pair.Network.KeepalivesDelivered} keepalives");
        }
        else
        {
            // Without keepalives the mapping expired: sun's requests die at the NAT and sun gives the SA up.
            Assert.Equal(0, pair.Network.KeepalivesDelivered);
            Assert.True(pair.MoonNat!.Dropped >= 6, $"{pair.MoonNat.Dropped} dropped; sun sent {pair.Network.Wire.Count(w => w.From == "sun")}");
            Assert.Contains("not responding", Assert.Single(pair.Sun.Of<IkeSaDeleted>()).Reason, StringComparison.Ordinal);
        }
    }

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 20)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Behind_nat_establishes_despite_loss_duplication_and_reordering(int seed)
    {
        using var pair = new EnginePair(seed, new NetworkConditions(0.2, 0.2, TimeSpan.FromMilliseconds(300)), moonBehindNat: true);
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(5));

        Assert.Empty(pair.Moon.Of<IkeSaFailed>());
        Assert.Empty(pair.Sun.Of<IkeSaFailed>());
        var moonChild = Assert.Single(pair.Moon.Of<InstallChildSa>());
        var sunChild = Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Equal(moonChild.Outbound.Spi, sunChild.Inbound.Spi);
        Assert.Equal(4500, moonChild.UdpEncapsulation!.LocalPort);
        Assert.Equal(EnginePair.MoonNatAddress, sunChild.Remote.Address);
        Assert.Equal(0, pair.Network.UnmarkedOn4500);
    }
}
