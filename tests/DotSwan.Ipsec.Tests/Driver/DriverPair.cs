using System.Net;
using System.Security.Cryptography;
using DotSwan.Crypto;
using DotSwan.Ipsec.Backends.Memory;
using DotSwan.Ipsec.Driver;
using DotSwan.Ipsec.Lifetimes;
using DotSwan.Ipsec.Spd;

namespace DotSwan.Ipsec.Tests.Driver;

/// <summary>
/// Two memory drivers as two gateways: A (192.0.2.1) protects 10.1.0.0/16 and 2001:db8:1::/48, B (192.0.2.2) protects
/// 10.2.0.0/16 and 2001:db8:2::/48, with mirrored policies (reqid 1) and, unless told otherwise, mirrored AES-GCM SAs.
/// </summary>
internal sealed class DriverPair : IDisposable
{
    public const uint ReqId = 1;
    public const uint SpiAToB = 0xb0000001;
    public const uint SpiBToA = 0xa0000001;
    public static readonly IPAddress OuterA = IPAddress.Parse("192.0.2.1");
    public static readonly IPAddress OuterB = IPAddress.Parse("192.0.2.2");

    private readonly List<SecretBytes> _keys = [];

    public DriverPair(MemoryIpsecDriverOptions? options = null, bool installSas = true, bool udp = false, SaLifetimes? lifetimes = null)
    {
        Udp = udp ? UdpEncapsulationPorts.Default : null;
        A = new MemoryIpsecDriver(Clock, options);
        B = new MemoryIpsecDriver(Clock, options);
        InstallPolicies(A, "10.1.0.0/16", "10.2.0.0/16", "2001:db8:1::/48", "2001:db8:2::/48", OuterA, OuterB);
        InstallPolicies(B, "10.2.0.0/16", "10.1.0.0/16", "2001:db8:2::/48", "2001:db8:1::/48", OuterB, OuterA);
        if (installSas)
        {
            InstallSaPair(SpiAToB, SpiBToA, lifetimes);
        }
    }

    public ManualClock Clock { get; } = new(TestSas.T0);

    public MemoryIpsecDriver A { get; }

    public MemoryIpsecDriver B { get; }

    public UdpEncapsulationPorts? Udp { get; }

    public static SaId Id(SaDirection direction, uint spi) => SaId.Of(direction, spi, spi >> 28 == 0xb ? OuterB : OuterA);

    /// <summary>Installs A→B and B→A SAs with fresh keys: each driver gets its inbound SA, then its outbound SA.</summary>
    public void InstallSaPair(uint spiAToB, uint spiBToA, SaLifetimes? lifetimes = null)
    {
        var keyAToB = Key(20);
        var keyBToA = Key(20);
        Assert.True(B.InstallSa(Request(SaDirection.Inbound, spiAToB, OuterA, OuterB, keyAToB, lifetimes)).IsOk);
        Assert.True(A.InstallSa(Request(SaDirection.Inbound, spiBToA, OuterB, OuterA, keyBToA, lifetimes)).IsOk);
        Assert.True(A.InstallSa(Request(SaDirection.Outbound, spiAToB, OuterA, OuterB, keyAToB, lifetimes)).IsOk);
        Assert.True(B.InstallSa(Request(SaDirection.Outbound, spiBToA, OuterB, OuterA, keyBToA, lifetimes)).IsOk);
    }

    public SaInstallRequest Request(SaDirection direction, uint spi, IPAddress source, IPAddress destination, SecretBytes key, SaLifetimes? lifetimes = null)
        => new(new SecurityAssociationSettings
        {
            Spi = spi,
            Direction = direction,
            Source = source,
            Destination = destination,
            Encryption = EncryptionAlgorithm.AesGcm16,
            EncryptionKeyLengthBits = 128,
            UdpEncapsulation = Udp,
            Lifetimes = lifetimes ?? SaLifetimes.Unlimited,
        }, ReqId, key, null);

    public SecretBytes Key(int length)
    {
        var key = SecretBytes.CopyOf(RandomNumberGenerator.GetBytes(length));
        _keys.Add(key);
        return key;
    }

    /// <summary>Outbound through <paramref name="from"/>; returns the outer packet (asserting it was protected).</summary>
    public static byte[] Send(MemoryIpsecDriver from, byte[] inner)
    {
        var buffer = new byte[inner.Length + 200];
        var result = from.ProcessOutbound(inner, buffer);
        Assert.Equal(OutboundAction.Protected, result.Action);
        return buffer[..result.Written];
    }

    /// <summary>Inbound through <paramref name="to"/> on a copy; returns the result and the delivered bytes (empty unless delivered).</summary>
    public static (InboundResult Result, byte[] Inner) Receive(MemoryIpsecDriver to, byte[] outer)
    {
        var buffer = outer.ToArray();
        var result = to.ProcessInbound(buffer);
        return (result, result.Action is InboundAction.Delivered or InboundAction.Bypass ? buffer[result.Packet] : []);
    }

    public static List<IpsecEvent> DrainEvents(MemoryIpsecDriver driver)
    {
        var events = new List<IpsecEvent>();
        while (driver.Events.TryRead(out var e))
        {
            events.Add(e);
        }

        return events;
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    private static void InstallPolicies(MemoryIpsecDriver driver, string local4, string remote4, string local6, string remote6, IPAddress localOuter, IPAddress remoteOuter)
    {
        static AddressPrefix P(string text) => AddressPrefix.TryParse(text, out var p, out _) ? p : throw new ArgumentException(text);
        var template = new SaTemplate(ReqId, IpsecMode.Tunnel, localOuter, remoteOuter);
        var v4 = new PolicySelector(P(local4), P(remote4));
        var v6 = new PolicySelector(P(local6), P(remote6));
        Assert.True(driver.InstallPolicy(new SecurityPolicy(1, PolicyDirection.Out, v4, PolicyAction.Protect, 10, template)).IsOk);
        Assert.True(driver.InstallPolicy(new SecurityPolicy(2, PolicyDirection.In, v4, PolicyAction.Protect, 10, template)).IsOk);
        Assert.True(driver.InstallPolicy(new SecurityPolicy(3, PolicyDirection.Out, v6, PolicyAction.Protect, 10, template)).IsOk);
        Assert.True(driver.InstallPolicy(new SecurityPolicy(4, PolicyDirection.In, v6, PolicyAction.Protect, 10, template)).IsOk);
    }
}
