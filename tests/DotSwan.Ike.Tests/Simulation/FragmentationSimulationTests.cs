using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Tests.Simulation;

public sealed class FragmentationSimulationTests
{
    // Small enough that even a PSK IKE_AUTH needs several fragments (strongSwan's fragment_size counts the IP datagram).
    private static readonly FragmentationSettings Small = new(FragmentSize: 160);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ike_auth_goes_in_fragments_that_fit_the_size_and_the_sa_establishes(bool moonBehindNat)
    {
        using var pair = new EnginePair(moonBehindNat: moonBehindNat,
            configureMoon: c => c with { Fragmentation = Small }, configureSun: c => c with { Fragmentation = Small });
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(1));

        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        var moonChild = Assert.Single(pair.Moon.Of<InstallChildSa>());
        var sunChild = Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.True(moonChild.Outbound.EncryptionKey.ReadOnlySpan.SequenceEqual(sunChild.Inbound.EncryptionKey.ReadOnlySpan));

        var auth = pair.Network.Sent.Select(s => (s.From, Message: Decode(s.Datagram)))
            .Where(s => s.Message.Header.ExchangeType == Ikev2ExchangeType.IkeAuth).ToList();
        var fromMoon = auth.Where(a => a.From == "moon").Select(a => Assert.IsType<EncryptedFragmentPayload>(Assert.Single(a.Message.Payloads))).ToList();
        var fromSun = auth.Where(a => a.From == "sun").Select(a => Assert.IsType<EncryptedFragmentPayload>(Assert.Single(a.Message.Payloads))).ToList();
        Assert.True(fromMoon.Count > 1 && fromSun.Count > 1, $"{fromMoon.Count} and {fromSun.Count} fragments");
        Assert.Equal(Enumerable.Range(1, fromMoon.Count).Select(n => (ushort)n), fromMoon.Select(f => f.FragmentNumber));
        Assert.All(fromMoon, f => Assert.Equal(fromMoon.Count, f.TotalFragments));
        Assert.Equal(Ikev2PayloadType.IdentificationInitiator, fromMoon[0].FirstInnerPayload);
        Assert.All(fromMoon.Skip(1), f => Assert.Equal(Ikev2PayloadType.None, f.FirstInnerPayload));
        // Every IKE_AUTH datagram fits 160 bytes with IPv4 (20) and UDP (8) headers and, on 4500, the marker.
        var authWire = pair.Network.Wire.Where(w => w.Wire.Length > 1 && w.Destination.Port == (moonBehindNat ? 4500 : 500)).Skip(moonBehindNat ? 0 : 2);
        Assert.All(authWire, w => Assert.True(w.Wire.Length + 28 <= 160, $"{w.Wire.Length + 28} bytes"));
        Assert.Equal(1, pair.Moon.Engine.Counters.MessagesFragmented);
        Assert.Equal(1, pair.Sun.Engine.Counters.MessagesFragmented);
        Assert.Equal(fromMoon.Count, pair.Sun.Engine.Counters.FragmentsReceived);
        Assert.Equal(fromSun.Count, pair.Moon.Engine.Counters.FragmentsReceived);
        Assert.Equal(0, pair.Sun.Engine.Counters.DecryptionFailures + pair.Moon.Engine.Counters.DecryptionFailures);
    }

    [Fact]
    public void Without_the_peers_support_messages_go_whole()
    {
        using var pair = new EnginePair(
            configureMoon: c => c with { Fragmentation = Small },
            configureSun: c => c with { Fragmentation = new FragmentationSettings(Enabled: false) });
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(1));

        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.DoesNotContain(pair.Network.Sent, s => Decode(s.Datagram).Payloads is [.., EncryptedFragmentPayload]);
        // The responder did not announce support it lacks.
        var sunSaInit = Decode(pair.Network.Sent.First(s => s.From == "sun").Datagram);
        Assert.DoesNotContain(sunSaInit.Payloads, p => p is NotifyPayload { NotifyType: NotifyType.Ikev2FragmentationSupported });
        Assert.Equal(0, pair.Moon.Engine.Counters.MessagesFragmented);
    }

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 20)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Fragmented_exchange_survives_loss_duplication_and_reordering(int seed)
    {
        // Each fragment is lost on its own, so an attempt needs all of them: with 10% loss and ~4 fragments per
        // direction the retransmission schedule still gets through for these fixed seeds.
        using var pair = new EnginePair(seed, new NetworkConditions(0.1, 0.2, TimeSpan.FromMilliseconds(300)), moonBehindNat: seed % 2 == 0,
            configureMoon: c => c with { Fragmentation = Small }, configureSun: c => c with { Fragmentation = Small });
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(5));

        Assert.Empty(pair.Moon.Of<IkeSaFailed>());
        Assert.Empty(pair.Sun.Of<IkeSaFailed>());
        var moonChild = Assert.Single(pair.Moon.Of<InstallChildSa>());
        var sunChild = Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Equal(moonChild.Outbound.Spi, sunChild.Inbound.Spi);
        Assert.True(pair.Sun.Engine.Counters.FragmentsReceived > 1);
    }

    [Fact]
    public void Retransmitted_fragmented_request_is_answered_once_on_its_first_fragment()
    {
        using var pair = new EnginePair(configureMoon: c => c with { Fragmentation = Small }, configureSun: c => c with { Fragmentation = Small });
        pair.Initiate();
        // IKE_SA_INIT through, then the responder's fragmented IKE_AUTH answer into a black hole.
        pair.Network.Run(TimeSpan.FromMilliseconds(25));
        pair.Network.Conditions = NetworkConditions.BlackHole;
        pair.Network.Run(TimeSpan.FromMilliseconds(20));
        Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        int requestFragments = (int)pair.Sun.Engine.Counters.FragmentsReceived;
        Assert.True(requestFragments > 1);
        int sunSentBefore = pair.Sun.Of<SendDatagram>().Count();
        pair.Network.Conditions = NetworkConditions.Perfect;
        pair.Network.Run(TimeSpan.FromSeconds(10));

        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Equal(1, pair.Moon.Engine.Counters.RequestsRetransmitted);
        // All fragments were retransmitted, but only the first one made the responder resend its (fragmented) answer.
        Assert.Equal(1, pair.Sun.Engine.Counters.RetransmittedRequestsAnswered);
        int responseFragments = sunSentBefore - 1; // minus the IKE_SA_INIT response
        Assert.Equal(responseFragments, pair.Sun.Of<SendDatagram>().Count() - sunSentBefore);
    }

    [Fact]
    public void Forged_fragments_for_an_established_sa_never_throw_and_hold_nothing()
    {
        using var pair = new EnginePair(configureMoon: c => c with { Fragmentation = Small }, configureSun: c => c with { Fragmentation = Small });
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromSeconds(5));
        var sunId = Assert.Single(pair.Sun.Of<IkeSaEstablished>()).IkeSa;
        var random = new Random(11);
        long failuresBefore = pair.Sun.Engine.Counters.DecryptionFailures;
        for (int i = 0; i < 3000; i++)
        {
            ushort total = (ushort)random.Next(0, 200);
            ushort number = (ushort)random.Next(0, total + 2);
            var body = new byte[random.Next(0, 300)];
            random.NextBytes(body);
            uint messageId = (uint)random.Next(0, 4);
            var header = new Ikev2Header(sunId.InitiatorSpi, sunId.ResponderSpi, Ikev2PayloadType.None, 2, 0,
                (Ikev2ExchangeType)random.Next(34, 38), Ikev2HeaderFlags.Initiator, messageId, 0);
            var skf = new EncryptedFragmentPayload((Ikev2PayloadType)random.Next(0, 60), number, total, body);
            byte[] datagram;
            try
            {
                datagram = Ikev2MessageCodec.Encode(new Ikev2Message(header, [skf]));
            }
            catch (ArgumentException)
            {
                continue; // the encoder refuses what it cannot write; the engine only sees bytes
            }
            _ = pair.Sun.Engine.Receive(datagram, pair.Sun.Address, EnginePair.MoonAddress, pair.Network.Now);
        }
        Assert.True(pair.Sun.Engine.Counters.DecryptionFailures > failuresBefore);
        Assert.Equal(IkeSaState.Established, pair.Sun.Engine.GetState(sunId));
        // The SA still works: a liveness check from moon is answered.
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.CheckLiveness(Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa, pair.Network.Now));
        pair.Network.Run(TimeSpan.FromSeconds(5));
        Assert.Equal(0, pair.Moon.Engine.Counters.RequestsRetransmitted);
    }

    private static Ikev2Message Decode(byte[] datagram)
    {
        Assert.True(Ikev2MessageCodec.TryDecode(datagram, out var message, out var error), error.ToString());
        return message!;
    }
}
