using DotSwan.Crypto;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.Lifetimes;

namespace DotSwan.Ipsec.Tests;

/// <summary>Soft then hard expiry by bytes, packets and (virtual) time, in both directions.</summary>
public sealed class LifetimeTests
{
    [Fact]
    public void Default_hard_byte_limit_is_100_mebibytes()
    {
        Assert.Equal(104_857_600UL, SaLifetimes.Default.Hard.Bytes);
        Assert.True(SaLifetimes.Default.Soft.Bytes < SaLifetimes.Default.Hard.Bytes);
        Assert.True(SaLifetimes.Default.Soft.Time < SaLifetimes.Default.Hard.Time);
    }

    [Theory]
    [InlineData(SaDirection.Outbound)]
    [InlineData(SaDirection.Inbound)]
    public void Bytes_soft_then_hard(SaDirection direction)
    {
        // Inner packets of 100 bytes: soft at 1000 bytes (10 packets), hard at 2000 (20 packets).
        var lifetimes = new SaLifetimes(new SaLifetimeLimits(1000, null, null), new SaLifetimeLimits(2000, null, null));
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, lifetimes: lifetimes);
        using (outbound)
        using (inbound)
        {
            var sa = direction == SaDirection.Outbound ? outbound : inbound;
            for (int i = 1; i <= 9; i++)
            {
                Assert.Equal(EspStatus.Ok, Send(outbound, inbound));
            }

            Assert.False(sa.HasPendingExpiry);
            Assert.Empty(sa.CheckLifetime(TestSas.T0));

            Assert.Equal(EspStatus.Ok, Send(outbound, inbound));
            Assert.True(sa.HasPendingExpiry);
            var soft = Assert.Single(sa.CheckLifetime(TestSas.T0));
            Assert.Equal((SaExpiryKind.Soft, SaExpiryTrigger.Bytes), (soft.Kind, soft.Trigger));
            Assert.False(sa.HasPendingExpiry);
            Assert.Empty(sa.CheckLifetime(TestSas.T0));

            for (int i = 11; i <= 20; i++)
            {
                Assert.Equal(EspStatus.Ok, Send(outbound, inbound));
            }

            Assert.True(sa.IsHardExpired);
            var hard = Assert.Single(sa.CheckLifetime(TestSas.T0));
            Assert.Equal((SaExpiryKind.Hard, SaExpiryTrigger.Bytes), (hard.Kind, hard.Trigger));
            Assert.Equal(EspStatus.HardExpired, Send(outbound, inbound));
            Assert.Equal(2000, sa.Counters.Bytes);
            Assert.Equal(20, sa.Counters.Packets);
        }
    }

    [Fact]
    public void A_packet_that_would_pass_the_hard_byte_limit_is_refused()
    {
        var lifetimes = new SaLifetimes(SaLifetimeLimits.Unlimited, new SaLifetimeLimits(250, null, null));
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, lifetimes: lifetimes);
        using (outbound)
        using (inbound)
        {
            Assert.Equal(EspStatus.Ok, Send(outbound, inbound));
            Assert.Equal(EspStatus.Ok, Send(outbound, inbound));
            Assert.Equal(EspStatus.HardExpired, Send(outbound, inbound));
            Assert.Equal(200, outbound.Counters.Bytes);
            var hard = Assert.Single(outbound.CheckLifetime(TestSas.T0));
            Assert.Equal(SaExpiryKind.Hard, hard.Kind);
        }
    }

    [Theory]
    [InlineData(SaDirection.Outbound)]
    [InlineData(SaDirection.Inbound)]
    public void Packets_soft_then_hard(SaDirection direction)
    {
        var lifetimes = new SaLifetimes(new SaLifetimeLimits(null, 3, null), new SaLifetimeLimits(null, 5, null));
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha256128, lifetimes: lifetimes);
        using (outbound)
        using (inbound)
        {
            var sa = direction == SaDirection.Outbound ? outbound : inbound;
            var events = new List<SaExpiryEvent>();
            for (int i = 1; i <= 5; i++)
            {
                Assert.Equal(EspStatus.Ok, Send(outbound, inbound));
                events.AddRange(sa.CheckLifetime(TestSas.T0));
                Assert.Equal(i >= 3 ? 1 : 0, events.Count(e => e.Kind == SaExpiryKind.Soft));
            }

            Assert.Equal(EspStatus.HardExpired, Send(outbound, inbound));
            events.AddRange(sa.CheckLifetime(TestSas.T0));
            Assert.Equal([(SaExpiryKind.Soft, SaExpiryTrigger.Packets), (SaExpiryKind.Hard, SaExpiryTrigger.Packets)],
                events.Select(e => (e.Kind, e.Trigger)));
        }
    }

    [Fact]
    public void Time_soft_then_hard_on_a_virtual_clock()
    {
        var lifetimes = new SaLifetimes(new SaLifetimeLimits(null, null, TimeSpan.FromMinutes(50)), new SaLifetimeLimits(null, null, TimeSpan.FromMinutes(55)));
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None, lifetimes: lifetimes);
        using (outbound)
        using (inbound)
        {
            Assert.Empty(outbound.CheckLifetime(TestSas.T0.AddMinutes(49).AddSeconds(59)));
            Assert.Equal(EspStatus.Ok, Send(outbound, inbound));

            var soft = Assert.Single(outbound.CheckLifetime(TestSas.T0.AddMinutes(50)));
            Assert.Equal((SaExpiryKind.Soft, SaExpiryTrigger.Time), (soft.Kind, soft.Trigger));
            Assert.Empty(outbound.CheckLifetime(TestSas.T0.AddMinutes(52)));
            Assert.Equal(EspStatus.Ok, Send(outbound, inbound));

            var hard = Assert.Single(outbound.CheckLifetime(TestSas.T0.AddMinutes(55)));
            Assert.Equal((SaExpiryKind.Hard, SaExpiryTrigger.Time), (hard.Kind, hard.Trigger));
            Assert.Equal(EspStatus.HardExpired, Send(outbound, inbound));

            // The inbound SA is checked on its own clock reading: both events at once when the check comes late.
            var late = inbound.CheckLifetime(TestSas.T0.AddHours(2));
            Assert.Equal([SaExpiryKind.Soft, SaExpiryKind.Hard], late.Select(e => e.Kind));
        }
    }

    [Fact]
    public void Disposed_sa_refuses_everything()
    {
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None);
        var packet = new byte[200];
        Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(TestSas.Ipv4Packet(100), 4, packet, out int written));
        outbound.Dispose();
        inbound.Dispose();
        Assert.True(outbound.IsHardExpired);
        Assert.Equal(EspStatus.HardExpired, outbound.TryEncapsulate(TestSas.Ipv4Packet(100), 4, packet, out _));
        Assert.Equal(EspStatus.HardExpired, inbound.TryDecapsulate(packet.AsSpan(0, written), out _));
    }

    private static EspStatus Send(SecurityAssociation outbound, SecurityAssociation inbound)
    {
        var packet = new byte[300];
        var status = outbound.TryEncapsulate(TestSas.Ipv4Packet(100), 4, packet, out int written);
        return status != EspStatus.Ok ? status : inbound.TryDecapsulate(packet.AsSpan(0, written), out _);
    }
}
