using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.Tests.Simulation;

/// <summary>An IKEv1 initiator ("moon") and responder ("sun") on one simulated network, configured as a site-to-site PSK tunnel.</summary>
internal sealed class Ikev1EnginePair : IDisposable
{
    private readonly SecretBytes _moonPsk;
    private readonly SecretBytes _sunPsk;

    public Ikev1EnginePair(
        int seed = 1,
        NetworkConditions? conditions = null,
        string moonIke = "aes256-sha256-ecp256",
        string sunIke = "aes256-sha256-ecp256",
        string moonEsp = "aes128-sha256",
        string sunEsp = "aes128-sha256",
        string moonPsk = "correct horse battery staple",
        string sunPsk = "correct horse battery staple",
        Func<Ikev1Connection, Ikev1Connection>? configureMoon = null,
        Func<Ikev1Connection, Ikev1Connection>? configureSun = null,
        Ikev1EngineSettings? sunSettings = null)
    {
        _moonPsk = SecretBytes.CopyOf(System.Text.Encoding.UTF8.GetBytes(moonPsk));
        _sunPsk = SecretBytes.CopyOf(System.Text.Encoding.UTF8.GetBytes(sunPsk));
        var moonNet = TrafficSelector.FromSubnet(IPAddress.Parse("10.1.0.0"), 16);
        var sunNet = TrafficSelector.FromSubnet(IPAddress.Parse("10.2.0.0"), 16);
        MoonConnection = new Ikev1Connection("moon-sun", EnginePair.MoonAddress, EnginePair.SunAddress, IkeIdentity.Parse("moon.example.org"),
            IkeIdentity.Parse("sun.example.org"), _moonPsk, ProposalParser.ParseList(moonIke, ProposalProtocol.Ike),
            ProposalParser.ParseList(moonEsp, ProposalProtocol.Esp), [moonNet], [sunNet]);
        SunConnection = new Ikev1Connection("sun-moon", EnginePair.SunAddress, EnginePair.MoonAddress, IkeIdentity.Parse("sun.example.org"),
            IkeIdentity.Parse("moon.example.org"), _sunPsk, ProposalParser.ParseList(sunIke, ProposalProtocol.Ike),
            ProposalParser.ParseList(sunEsp, ProposalProtocol.Esp), [sunNet], [moonNet]);
        MoonConnection = configureMoon?.Invoke(MoonConnection) ?? MoonConnection;
        SunConnection = configureSun?.Invoke(SunConnection) ?? SunConnection;
        Network = new SimulatedNetwork(seed, conditions ?? NetworkConditions.Perfect);
        Moon = Network.Add(new SimulatedNode("moon", EnginePair.MoonAddress, new Ikev1Engine([MoonConnection], new SeededRandomSource(seed * 2 + 1))));
        Sun = Network.Add(new SimulatedNode("sun", EnginePair.SunAddress,
            new Ikev1Engine([SunConnection], new SeededRandomSource(seed * 2 + 2), settings: sunSettings)));
    }

    public Ikev1Connection MoonConnection { get; }

    public Ikev1Connection SunConnection { get; }

    public SimulatedNetwork Network { get; }

    public SimulatedNode Moon { get; }

    public SimulatedNode Sun { get; }

    public IkeSaId Initiate()
    {
        Network.Emit(Moon, Moon.Ikev1Engine.Initiate(MoonConnection, Network.Now, out var id));
        return id;
    }

    /// <summary>Initiates and runs until quiet; returns the ISAKMP SA.</summary>
    public IkeSaId Establish()
    {
        var id = Initiate();
        Network.Run(TimeSpan.FromMinutes(1));
        return id;
    }

    /// <summary>Inbound SPIs of the pairs currently installed on a node (installs minus deletes).</summary>
    public static List<uint> LiveChildren(SimulatedNode node)
    {
        var deleted = node.Of<DeleteChildSa>().Select(d => d.InboundSpi).ToHashSet();
        return [.. node.Of<InstallChildSa>().Select(i => i.Inbound.Spi).Where(spi => !deleted.Contains(spi))];
    }

    /// <summary>Every install on one side has its mirror on the other: SPIs crossed, keys equal per direction.</summary>
    public void AssertKeysCrossCheck()
    {
        var sunInstalls = Sun.Of<InstallChildSa>().ToDictionary(i => i.Inbound.Spi);
        foreach (var moon in Moon.Of<InstallChildSa>())
        {
            Assert.True(sunInstalls.TryGetValue(moon.Outbound.Spi, out var sun), $"sun has no inbound SA {moon.Outbound.Spi:x8}");
            Assert.Equal(moon.Inbound.Spi, sun!.Outbound.Spi);
            Assert.True(moon.Outbound.EncryptionKey.ReadOnlySpan.SequenceEqual(sun.Inbound.EncryptionKey.ReadOnlySpan));
            Assert.True(moon.Outbound.IntegrityKey.ReadOnlySpan.SequenceEqual(sun.Inbound.IntegrityKey.ReadOnlySpan));
            Assert.True(moon.Inbound.EncryptionKey.ReadOnlySpan.SequenceEqual(sun.Outbound.EncryptionKey.ReadOnlySpan));
            Assert.True(moon.Inbound.IntegrityKey.ReadOnlySpan.SequenceEqual(sun.Outbound.IntegrityKey.ReadOnlySpan));
            Assert.False(moon.Inbound.EncryptionKey.ReadOnlySpan.SequenceEqual(moon.Outbound.EncryptionKey.ReadOnlySpan));
            Assert.Equal(moon.Encryption, sun.Encryption);
            Assert.Equal(moon.Integrity, sun.Integrity);
        }
    }

    public void Dispose()
    {
        Moon.Ikev1Engine.Dispose();
        Sun.Ikev1Engine.Dispose();
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
