using System.Net;
using DotSwan.Crypto;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.Lifetimes;
using DotSwan.Ipsec.Sad;

namespace DotSwan.Ipsec.Tests;

public sealed class SecurityAssociationDatabaseTests
{
    private static readonly PacketAddress Ours = PacketAddress.FromIPAddress(IPAddress.Parse("192.0.2.2"));

    [Fact]
    public void Install_lookup_update_and_remove()
    {
        using var sad = new SecurityAssociationDatabase();
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, spi: 0x1000);
        Assert.True(sad.TryInstallInbound(inbound));
        Assert.True(sad.TryInstallOutbound(7, outbound));
        Assert.False(sad.TryInstallInbound(inbound));
        Assert.False(sad.TryInstallOutbound(7, outbound));
        Assert.Throws<ArgumentException>(() => sad.TryInstallInbound(outbound));

        var key = new InboundSaKey(0x1000, Ours, IpsecProtocol.Esp);
        Assert.True(sad.TryGetInbound(key, out var found));
        Assert.Same(inbound, found);
        Assert.False(sad.TryGetInbound(key with { Spi = 0x1001 }, out _));
        Assert.False(sad.TryGetInbound(key with { Destination = PacketAddress.FromIPAddress(IPAddress.Parse("192.0.2.9")) }, out _));
        Assert.True(sad.TryGetOutbound(7, out found));
        Assert.Same(outbound, found);

        // A rekey switches outbound id 7 to the new SA atomically; the old one comes back for disposal.
        var (newOutbound, newInbound) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, spi: 0x2000);
        Assert.True(sad.TryUpdateOutbound(7, newOutbound, out var previous));
        Assert.Same(outbound, previous);
        previous!.Dispose();
        Assert.False(sad.TryUpdateOutbound(8, newOutbound, out _));
        Assert.False(sad.TryUpdateInbound(newInbound, out _));
        Assert.True(sad.TryInstallInbound(newInbound));
        Assert.Equal(2, sad.InboundCount);

        Assert.True(sad.TryRemoveInbound(key, out var removed));
        Assert.Same(inbound, removed);
        removed!.Dispose();
        Assert.Equal(1, sad.InboundCount);
        Assert.Equal(1, sad.OutboundCount);
    }

    [Fact]
    public void Decapsulates_for_several_peers_and_counts_unknown_spis()
    {
        using var sad = new SecurityAssociationDatabase();
        var senders = new List<SecurityAssociation>();
        for (uint peer = 1; peer <= 5; peer++)
        {
            var (outbound, inbound) = TestSas.Pair(peer % 2 == 0 ? EncryptionAlgorithm.AesCbc : EncryptionAlgorithm.AesGcm16, 128,
                peer % 2 == 0 ? IntegrityAlgorithm.HmacSha256128 : IntegrityAlgorithm.None, spi: 0xa000 + peer);
            Assert.True(sad.TryInstallInbound(inbound));
            Assert.True(sad.TryInstallOutbound(peer, outbound));
            senders.Add(outbound);
        }

        foreach (var sender in senders)
        {
            var packet = new byte[300];
            Assert.Equal(EspStatus.Ok, sender.TryEncapsulate(TestSas.Ipv4Packet(120), 4, packet, out int written));
            Assert.Equal(EspStatus.Ok, sad.TryDecapsulate(Ours, packet.AsSpan(0, written), out var result, out var sa));
            Assert.Equal(sender.Spi, sa!.Spi);
            Assert.Equal(120, result.PayloadLength);
        }

        var unknown = new byte[64];
        unknown[3] = 0x77;
        Assert.Equal(EspStatus.UnknownSpi, sad.TryDecapsulate(Ours, unknown, out _, out _));
        Assert.Equal(EspStatus.TooShort, sad.TryDecapsulate(Ours, new byte[5], out _, out _));
        Assert.Equal(1, sad.UnknownSpiDrops);
    }

    [Fact]
    public void Check_lifetimes_reports_expiries_of_all_sas_once()
    {
        using var sad = new SecurityAssociationDatabase();
        var lifetimes = new SaLifetimes(new SaLifetimeLimits(null, null, TimeSpan.FromMinutes(10)), new SaLifetimeLimits(null, null, TimeSpan.FromMinutes(11)));
        for (uint i = 1; i <= 3; i++)
        {
            var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, lifetimes: lifetimes, spi: i);
            sad.TryInstallInbound(inbound);
            sad.TryInstallOutbound(i, outbound);
        }

        Assert.Empty(sad.CheckLifetimes(TestSas.T0.AddMinutes(9)));
        var soft = sad.CheckLifetimes(TestSas.T0.AddMinutes(10));
        Assert.Equal(6, soft.Count);
        Assert.All(soft, e => Assert.Equal(SaExpiryKind.Soft, e.Kind));
        Assert.Empty(sad.CheckLifetimes(TestSas.T0.AddMinutes(10.5)));
        var hard = sad.CheckLifetimes(TestSas.T0.AddMinutes(11));
        Assert.Equal(6, hard.Count);
        Assert.All(hard, e => Assert.Equal(SaExpiryKind.Hard, e.Kind));
        Assert.Equal(3, hard.Count(e => e.Direction == SaDirection.Inbound));
    }

    [Fact]
    public async Task Lookups_stay_correct_while_other_threads_install_and_remove()
    {
        using var sad = new SecurityAssociationDatabase();
        var (stableOut, stableIn) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, spi: 1);
        sad.TryInstallInbound(stableIn);
        var churn = Enumerable.Range(2, 50).Select(i => TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, spi: (uint)i).Inbound).ToList();
        var key = stableIn.InboundKey;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var sa in churn)
                {
                    sad.TryInstallInbound(sa);
                }

                foreach (var sa in churn)
                {
                    sad.TryRemoveInbound(sa.InboundKey, out _);
                }
            }
        });

        for (int i = 0; i < 100_000; i++)
        {
            Assert.True(sad.TryGetInbound(key, out var found));
            Assert.Same(stableIn, found);
        }

        stop.Cancel();
        await writer;
        foreach (var sa in churn)
        {
            sa.Dispose();
        }

        stableOut.Dispose();
    }
}
