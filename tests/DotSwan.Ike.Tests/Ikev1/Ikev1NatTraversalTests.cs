using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Tests.Simulation;

namespace DotSwan.Ike.Tests.Ikev1;

/// <summary>RFC 3947 with a NAT in front of the initiator: NAT-D detects it, the initiator floats to 4500, Quick Mode is UDP-encapsulated.</summary>
public sealed class Ikev1NatTraversalTests
{
    private static readonly IPAddress NatPublic = IPAddress.Parse("198.51.100.7");

    [Fact]
    public void Behind_a_nat_the_initiator_floats_to_4500_and_quick_mode_uses_udp_encapsulation()
    {
        // A responder for peers behind NATs cannot know their address: it accepts any.
        using var pair = new Ikev1EnginePair(configureSun: c => c with { RemoteEndPoint = new IPEndPoint(IPAddress.Any, 500) });
        var now = pair.Network.Now;
        var moonAddress = EnginePair.MoonAddress.Address;
        // The NAT maps moon's ports 500 and 4500 to two public ports.
        IPEndPoint Outside(IPEndPoint inside) => new(NatPublic, inside.Port == 500 ? 40500 : 44500);
        IPEndPoint Inside(IPEndPoint outside) => new(moonAddress, outside.Port == 40500 ? 500 : 4500);
        var moonSent = new List<SendDatagram>();
        var sunSent = new List<SendDatagram>();
        var queue = new Queue<(bool FromMoon, SendDatagram Send)>();
        void Take(bool fromMoon, IReadOnlyList<EngineOutput> outputs)
        {
            var node = fromMoon ? pair.Moon : pair.Sun;
            foreach (var output in outputs)
            {
                node.Outputs.Add(new SimulatedEvent(now, node.Name, output));
                if (output is SendDatagram send)
                {
                    (fromMoon ? moonSent : sunSent).Add(send);
                    queue.Enqueue((fromMoon, send));
                }
            }
        }
        Take(true, pair.Moon.Ikev1Engine.Initiate(pair.MoonConnection, now, out _));
        for (int steps = 0; queue.Count > 0 && steps < 50; steps++)
        {
            var (fromMoon, send) = queue.Dequeue();
            if (fromMoon)
            {
                Take(false, pair.Sun.Ikev1Engine.Receive(send.Datagram.Span, send.Remote, Outside(send.Local), now));
            }
            else
            {
                Assert.Equal(NatPublic, send.Remote.Address);
                Take(true, pair.Moon.Ikev1Engine.Receive(send.Datagram.Span, Inside(send.Remote), send.Local, now));
            }
        }

        Assert.Equal(5, moonSent.Count);
        Assert.All(moonSent.Take(2), s => Assert.Equal((500, 500), (s.Local.Port, s.Remote.Port)));
        Assert.All(moonSent.Skip(2), s => Assert.Equal((4500, 4500), (s.Local.Port, s.Remote.Port)));
        Assert.Equal(new IPEndPoint(NatPublic, 40500), sunSent[0].Remote);
        Assert.All(sunSent.Skip(2), s => Assert.Equal((new IPEndPoint(NatPublic, 44500), 4500), (s.Remote, s.Local.Port)));
        Assert.All(pair.Moon.Of<ChildSaEstablished>().Concat(pair.Sun.Of<ChildSaEstablished>()),
            e => Assert.Contains("UdpEncapsulatedTunnel", e.Description, StringComparison.Ordinal));
        Assert.Equal(new IPEndPoint(NatPublic, 44500), Assert.Single(pair.Sun.Of<InstallChildSa>()).Remote);
        Assert.Equal(4500, Assert.Single(pair.Moon.Of<InstallChildSa>()).Local.Port);
        pair.AssertKeysCrossCheck();
    }

    [Fact]
    public void Without_a_nat_nobody_floats_and_esp_is_not_encapsulated()
    {
        using var pair = new Ikev1EnginePair();
        pair.Establish();

        Assert.All(pair.Network.Sent, s => Assert.True(s.Datagram.Length > 28));
        Assert.All(pair.Moon.Of<SendDatagram>().Concat(pair.Sun.Of<SendDatagram>()), s => Assert.Equal((500, 500), (s.Local.Port, s.Remote.Port)));
        Assert.All(pair.Moon.Of<ChildSaEstablished>(), e => Assert.DoesNotContain("Udp", e.Description, StringComparison.Ordinal));
    }

    [Fact]
    public void Forced_encapsulation_makes_both_sides_float_to_4500_with_the_non_esp_marker()
    {
        using var pair = new Ikev1EnginePair(configureMoon: c => c with { ForceEncapsulation = true });
        pair.Establish();

        var moon = Assert.Single(pair.Moon.Of<InstallChildSa>());
        var sun = Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Equal(new UdpEncapsulation(4500, 4500), moon.UdpEncapsulation);
        Assert.Equal(new UdpEncapsulation(4500, 4500), sun.UdpEncapsulation);
        // Main Mode 5 and 6 and the Quick Mode travel on 4500 behind the marker, and arrive (none dropped as ESP).
        Assert.Equal(5, pair.Moon.Of<SendDatagram>().Concat(pair.Sun.Of<SendDatagram>()).Count(s => s.NonEspMarker && s.Remote.Port == 4500));
        Assert.Equal(0, pair.Network.UnmarkedOn4500);
        pair.AssertKeysCrossCheck();
    }
}
