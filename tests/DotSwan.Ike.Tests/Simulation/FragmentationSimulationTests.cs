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

    private static Ikev2Message Decode(byte[] datagram)
    {
        Assert.True(Ikev2MessageCodec.TryDecode(datagram, out var message, out var error), error.ToString());
        return message!;
    }
}
