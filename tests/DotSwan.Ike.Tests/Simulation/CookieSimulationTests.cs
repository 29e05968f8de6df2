using System.Buffers.Binary;
using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Tests.Simulation;

public sealed class CookieSimulationTests
{
    private static readonly Ikev2EngineOptions AlwaysCookies = new(CookieThreshold: 0);

    [Fact]
    public void Initiator_returns_the_cookie_first_and_establishes()
    {
        using var pair = new EnginePair(sunOptions: AlwaysCookies);
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(1));

        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        Assert.Equal(1, pair.Sun.Engine.Counters.CookiesSent);
        var saInits = pair.Network.Sent.Where(s => s.From == "moon").Take(2).Select(s => Decode(s.Datagram)).ToList();
        Assert.All(saInits, m => Assert.Equal(Ikev2ExchangeType.IkeSaInit, m.Header.ExchangeType));
        var cookie = Assert.IsType<NotifyPayload>(saInits[1].Payloads[0]);
        Assert.Equal(NotifyType.Cookie, cookie.NotifyType);
        // Everything else unchanged: same SPI, same payloads after the cookie (KE value and nonce included).
        Assert.Equal(saInits[0].Header.InitiatorSpi, saInits[1].Header.InitiatorSpi);
        Assert.Equal(Ikev2MessageCodec.Encode(saInits[0]).AsSpan(28).ToArray(),
            Ikev2MessageCodec.Encode(saInits[1] with { Payloads = [.. saInits[1].Payloads.Skip(1)] }).AsSpan(28).ToArray());
        // The stateless answer is no bigger than the request: no amplification.
        var answer = pair.Network.Sent.First(s => s.From == "sun");
        Assert.True(answer.Datagram.Length < pair.Network.Sent[0].Datagram.Length);
    }

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 20)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Cookie_exchange_survives_loss_duplication_and_reordering(int seed)
    {
        using var pair = new EnginePair(seed, new NetworkConditions(0.2, 0.2, TimeSpan.FromMilliseconds(300)), sunOptions: AlwaysCookies);
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(5));
        Assert.Empty(pair.Moon.Of<IkeSaFailed>());
        Assert.Empty(pair.Sun.Of<IkeSaFailed>());
        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Single(pair.Sun.Of<InstallChildSa>());
    }

    [Fact]
    public void Flood_of_spoofed_sa_inits_keeps_state_bounded_and_a_real_initiator_still_gets_in()
    {
        var options = new Ikev2EngineOptions(CookieThreshold: 10, HalfOpenTimeout: TimeSpan.FromSeconds(30));
        using var pair = new EnginePair(sunOptions: options);
        var template = SaInitTemplate(pair);
        var random = new Random(42);
        var now = pair.Network.Now;
        int answered = 0;
        for (int i = 0; i < 5000; i++)
        {
            var (request, from) = Bogus(template, random);
            var outputs = pair.Sun.Engine.Receive(request, pair.Sun.Address, from, now);
            var reply = Assert.IsType<SendDatagram>(Assert.Single(outputs));
            // The first ten get a full IKE_SA_INIT response (and state); then only small stateless COOKIE answers.
            Assert.Equal(i >= 10, reply.Datagram.Length < 100);
            answered++;
        }
        Assert.Equal(5000, answered);
        Assert.Equal(10, pair.Sun.Engine.HalfOpenCount);
        Assert.Equal(10, pair.Sun.Engine.IkeSas.Count);
        Assert.Equal(4990, pair.Sun.Engine.Counters.CookiesSent);

        // Forged cookies do not open the door either.
        for (int i = 0; i < 500; i++)
        {
            var (request, from) = Bogus(template, random);
            var forged = WithCookie(request, [.. Enumerable.Range(0, CookieGenerator.CookieLength).Select(_ => (byte)random.Next(256))]);
            _ = pair.Sun.Engine.Receive(forged, pair.Sun.Address, from, now);
        }
        Assert.Equal(500, pair.Sun.Engine.Counters.InvalidCookies);
        Assert.Equal(10, pair.Sun.Engine.IkeSas.Count);

        // The real initiator answers the cookie and establishes while the flood's half-open SAs are still there.
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromSeconds(10));
        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Single(pair.Sun.Of<IkeSaEstablished>());

        // The half-open ones expire and are forgotten at once.
        pair.Network.Run(TimeSpan.FromSeconds(30));
        Assert.Equal(0, pair.Sun.Engine.HalfOpenCount);
        Assert.Single(pair.Sun.Engine.IkeSas);
        Assert.Equal(10, pair.Sun.Of<IkeSaFailed>().Count(f => f.Kind == IkeSaFailureKind.PeerNotResponding));
    }

    [Fact]
    public void Half_open_limit_holds_even_when_cookies_are_off()
    {
        var options = new Ikev2EngineOptions(CookieThreshold: int.MaxValue, MaxHalfOpen: 50);
        using var pair = new EnginePair(sunOptions: options);
        var template = SaInitTemplate(pair);
        var random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            var (request, from) = Bogus(template, random);
            _ = pair.Sun.Engine.Receive(request, pair.Sun.Address, from, pair.Network.Now);
        }
        Assert.Equal(50, pair.Sun.Engine.HalfOpenCount);
        Assert.Equal(1950, pair.Sun.Engine.Counters.HalfOpenLimitDrops);
        Assert.Equal(0, pair.Sun.Engine.Counters.CookiesSent);
    }

    [Fact]
    public void Random_damage_to_cookie_requests_never_throws()
    {
        using var pair = new EnginePair(sunOptions: AlwaysCookies);
        var template = SaInitTemplate(pair);
        var random = new Random(9);
        for (int i = 0; i < 3000; i++)
        {
            var (request, from) = Bogus(template, random);
            var damaged = WithCookie(request, [.. Enumerable.Range(0, random.Next(0, 80)).Select(_ => (byte)random.Next(256))]);
            damaged[random.Next(28, damaged.Length)] ^= (byte)random.Next(1, 256);
            _ = pair.Sun.Engine.Receive(damaged, pair.Sun.Address, from, pair.Network.Now);
        }
        Assert.Equal(0, pair.Sun.Engine.HalfOpenCount);
    }

    private static byte[] SaInitTemplate(EnginePair pair)
    {
        using var other = new Ikev2Engine([pair.MoonConnection], new SeededRandomSource(99));
        return other.Initiate(pair.MoonConnection, pair.Network.Now).OfType<SendDatagram>().Single().Datagram.ToArray();
    }

    private static (byte[] Request, IPEndPoint From) Bogus(byte[] template, Random random)
    {
        var request = (byte[])template.Clone();
        BinaryPrimitives.WriteUInt64BigEndian(request, (ulong)random.NextInt64(1, long.MaxValue));
        var from = new IPEndPoint(new IPAddress([203, 0, 113, (byte)random.Next(1, 255)]), random.Next(1024, 65536));
        return (request, from);
    }

    private static byte[] WithCookie(byte[] request, byte[] cookie)
    {
        var message = Decode(request);
        var notify = new NotifyPayload(ProtocolId.None, ReadOnlyMemory<byte>.Empty, NotifyType.Cookie, cookie);
        return Ikev2MessageCodec.Encode(message with { Payloads = [notify, .. message.Payloads] });
    }

    private static Ikev2Message Decode(byte[] datagram)
    {
        Assert.True(Ikev2MessageCodec.TryDecode(datagram, out var message, out var error), error.ToString());
        return message!;
    }
}
