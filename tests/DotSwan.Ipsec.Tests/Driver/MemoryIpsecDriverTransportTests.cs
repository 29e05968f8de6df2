using System.Net;
using System.Security.Cryptography;
using DotSwan.Crypto;
using DotSwan.Ipsec.Backends.Memory;
using DotSwan.Ipsec.Driver;
using DotSwan.Ipsec.Encapsulation;
using DotSwan.Ipsec.Lifetimes;
using DotSwan.Ipsec.Spd;
using DotSwan.Ipsec.Tests.Spd;

namespace DotSwan.Ipsec.Tests.Driver;

/// <summary>Host-to-host transport mode through two memory drivers, and the allocation-free data path.</summary>
public sealed class MemoryIpsecDriverTransportTests
{
    private static readonly IPAddress HostA = IPAddress.Parse("2001:db8::a");
    private static readonly IPAddress HostB = IPAddress.Parse("2001:db8::b");

    private static (MemoryIpsecDriver A, MemoryIpsecDriver B) Hosts(SecretBytes key)
    {
        var clock = new ManualClock(TestSas.T0);
        var a = new MemoryIpsecDriver(clock);
        var b = new MemoryIpsecDriver(clock);
        foreach (var (driver, self, peer) in new[] { (a, HostA, HostB), (b, HostB, HostA) })
        {
            // Only UDP between the two hosts is protected.
            var selector = new PolicySelector(AddressPrefix.Host(self), AddressPrefix.Host(peer), PacketSelector.ProtocolUdp);
            var template = new SaTemplate(5, IpsecMode.Transport);
            driver.InstallPolicy(new SecurityPolicy(1, PolicyDirection.Out, selector, PolicyAction.Protect, 0, template));
            driver.InstallPolicy(new SecurityPolicy(2, PolicyDirection.In, selector, PolicyAction.Protect, 0, template));
            foreach (var direction in new[] { SaDirection.Outbound, SaDirection.Inbound })
            {
                var (source, destination) = direction == SaDirection.Outbound ? (self, peer) : (peer, self);
                var settings = new SecurityAssociationSettings
                {
                    Spi = destination.Equals(HostB) ? 0x0000b00bu : 0x0000a00au,
                    Direction = direction,
                    Source = source,
                    Destination = destination,
                    Encryption = EncryptionAlgorithm.AesGcm16,
                    EncryptionKeyLengthBits = 256,
                    Mode = IpsecMode.Transport,
                    Lifetimes = SaLifetimes.Unlimited,
                };
                Assert.True(driver.InstallSa(new SaInstallRequest(settings, 5, key, null)).IsOk);
            }
        }

        return (a, b);
    }

    [Fact]
    public void Transport_mode_round_trip_rebuilds_the_ip_header_around_the_payload()
    {
        using var key = SecretBytes.CopyOf(RandomNumberGenerator.GetBytes(36));
        var (a, b) = Hosts(key);
        using (a)
        using (b)
        {
            var packet = SpdPackets.Packet(HostA.ToString(), HostB.ToString(), 17, 5000, 6000, payload: 123);
            var outer = DriverPair.Send(a, packet);
            Assert.True(IpPacketInfo.TryParse(outer, out var outerInfo));
            Assert.Equal(OuterHeader.ProtocolEsp, outerInfo.Protocol);
            Assert.Equal(PacketAddress.FromIPAddress(HostB), outerInfo.Destination);

            var (result, inner) = DriverPair.Receive(b, outer);

            Assert.Equal(InboundAction.Delivered, result.Action);
            Assert.True(IpPacketInfo.TryParse(inner, out var info));
            Assert.Equal((PacketAddress.FromIPAddress(HostA), PacketAddress.FromIPAddress(HostB), (byte)17, packet.Length),
                (info.Source, info.Destination, info.Protocol, info.TotalLength));
            Assert.Equal(packet.AsSpan(40).ToArray(), inner.AsSpan(40).ToArray());

            // TCP between the hosts is not covered by the policy: it goes in the clear.
            Assert.Equal(OutboundAction.Bypass, a.ProcessOutbound(SpdPackets.Packet(HostA.ToString(), HostB.ToString(), 6), new byte[1500]).Action);
        }
    }

    [Fact]
    public void Outbound_and_inbound_processing_allocate_nothing_per_packet()
    {
        using var pair = new DriverPair();
        var packet = SpdPackets.Packet("10.1.0.5", "10.2.0.9", payload: 200);
        var outer = new byte[1500];
        var work = new byte[1500];
        int length = pair.A.ProcessOutbound(packet, outer).Written;
        outer.AsSpan(0, length).CopyTo(work);
        Assert.Equal(InboundAction.Delivered, pair.B.ProcessInbound(work.AsSpan(0, length)).Action);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            length = pair.A.ProcessOutbound(packet, outer).Written;
            outer.AsSpan(0, length).CopyTo(work);
            pair.B.ProcessInbound(work.AsSpan(0, length));
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(pair.B.TryQueryCounters(DriverPair.Id(SaDirection.Inbound, DriverPair.SpiAToB), out var counters));
        Assert.Equal(201, counters.Packets);
        Assert.Equal(0, allocated);
    }
}
