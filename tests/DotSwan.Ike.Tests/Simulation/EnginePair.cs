using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.Tests.Simulation;

/// <summary>An initiator ("moon") and a responder ("sun") engine on one simulated network, configured like a site-to-site PSK tunnel.</summary>
internal sealed class EnginePair : IDisposable
{
    public static readonly IPEndPoint MoonAddress = new(IPAddress.Parse("192.0.2.1"), 500);
    public static readonly IPEndPoint SunAddress = new(IPAddress.Parse("192.0.2.2"), 500);
    // Behind a NAT a node has an inside address from 198.51.100.0/24 and the NAT a public one from 192.0.2.0/24.
    public static readonly IPEndPoint MoonInsideAddress = new(IPAddress.Parse("198.51.100.1"), 500);
    public static readonly IPEndPoint SunInsideAddress = new(IPAddress.Parse("198.51.100.2"), 500);
    public static readonly IPAddress MoonNatAddress = IPAddress.Parse("192.0.2.101");
    public static readonly IPAddress SunNatAddress = IPAddress.Parse("192.0.2.102");
    private readonly SecretBytes _moonPsk;
    private readonly SecretBytes _sunPsk;

    public EnginePair(
        int seed = 1,
        NetworkConditions? conditions = null,
        string moonIke = "aes256gcm16-prfsha256-x25519",
        string sunIke = "aes256gcm16-prfsha256-x25519",
        string moonEsp = "aes128gcm16",
        string sunEsp = "aes128gcm16",
        string moonPsk = "correct horse battery staple",
        string sunPsk = "correct horse battery staple",
        ChildSaMode mode = ChildSaMode.Tunnel,
        Func<Ikev2Connection, Ikev2Connection>? configureMoon = null,
        Func<Ikev2Connection, Ikev2Connection>? configureSun = null,
        bool moonBehindNat = false,
        bool sunBehindNat = false,
        TimeSpan? natIdleTimeout = null,
        Ikev2EngineOptions? sunOptions = null)
    {
        var moonAddress = moonBehindNat ? MoonInsideAddress : MoonAddress;
        var sunAddress = sunBehindNat ? SunInsideAddress : SunAddress;
        // Where each side reaches the other: the NAT's public address when the other is behind one.
        var sunSeenByMoon = sunBehindNat ? new IPEndPoint(SunNatAddress, 500) : SunAddress;
        var moonSeenBySun = moonBehindNat ? new IPEndPoint(MoonNatAddress, 500) : MoonAddress;
        _moonPsk = SecretBytes.CopyOf(System.Text.Encoding.UTF8.GetBytes(moonPsk));
        _sunPsk = SecretBytes.CopyOf(System.Text.Encoding.UTF8.GetBytes(sunPsk));
        var moonNet = TrafficSelector.FromSubnet(IPAddress.Parse("10.1.0.0"), 16);
        var sunNet = TrafficSelector.FromSubnet(IPAddress.Parse("10.2.0.0"), 16);
        MoonConnection = new Ikev2Connection("moon-sun", moonAddress, sunSeenByMoon, IkeIdentity.Parse("moon.example.org"),
            IkeIdentity.Parse("sun.example.org"), _moonPsk, ProposalParser.ParseList(moonIke, ProposalProtocol.Ike),
            ProposalParser.ParseList(moonEsp, ProposalProtocol.Esp), [moonNet], [sunNet], mode);
        SunConnection = new Ikev2Connection("sun-moon", sunAddress, moonSeenBySun, IkeIdentity.Parse("sun.example.org"),
            IkeIdentity.Parse("moon.example.org"), _sunPsk, ProposalParser.ParseList(sunIke, ProposalProtocol.Ike),
            ProposalParser.ParseList(sunEsp, ProposalProtocol.Esp), [sunNet], [moonNet], mode);
        MoonConnection = configureMoon?.Invoke(MoonConnection) ?? MoonConnection;
        SunConnection = configureSun?.Invoke(SunConnection) ?? SunConnection;
        Network = new SimulatedNetwork(seed, conditions ?? NetworkConditions.Perfect);
        var idle = natIdleTimeout ?? TimeSpan.FromMinutes(5);
        if (moonBehindNat) { MoonNat = Network.Add(new SimulatedNat(moonAddress.Address, MoonNatAddress, idle)); }
        if (sunBehindNat)
        {
            SunNat = Network.Add(new SimulatedNat(sunAddress.Address, SunNatAddress, idle));
            SunNat.Forward(500);
            SunNat.Forward(4500);
        }
        Moon = Network.Add(new SimulatedNode("moon", moonAddress, new Ikev2Engine([MoonConnection], new SeededRandomSource(seed * 2 + 1))));
        Sun = Network.Add(new SimulatedNode("sun", sunAddress, new Ikev2Engine([SunConnection], new SeededRandomSource(seed * 2 + 2), options: sunOptions)));
    }

    public Ikev2Connection MoonConnection { get; }

    public Ikev2Connection SunConnection { get; }

    public SimulatedNetwork Network { get; }

    public SimulatedNat? MoonNat { get; }

    public SimulatedNat? SunNat { get; }

    public SimulatedNode Moon { get; }

    public SimulatedNode Sun { get; }

    public IkeSaId Initiate()
    {
        Network.Emit(Moon, Moon.Engine.Initiate(MoonConnection, Network.Now, out var id));
        return id;
    }

    public void Dispose()
    {
        Moon.Engine.Dispose();
        Sun.Engine.Dispose();
        foreach (var install in Moon.Of<InstallChildSa>().Concat(Sun.Of<InstallChildSa>()))
        {
            install.Inbound.EncryptionKey.Dispose();
            install.Inbound.IntegrityKey.Dispose();
            install.Outbound.EncryptionKey.Dispose();
            install.Outbound.IntegrityKey.Dispose();
        }
        _moonPsk.Dispose();
        _sunPsk.Dispose();
    }
}
