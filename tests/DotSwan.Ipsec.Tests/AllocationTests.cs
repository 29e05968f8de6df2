using DotSwan.Crypto;
using DotSwan.Ipsec.Esp;

namespace DotSwan.Ipsec.Tests;

/// <summary>The AEAD data path allocates nothing per packet (a count of bytes, not a timing).</summary>
public sealed class AllocationTests
{
    [Theory]
    [InlineData(EncryptionAlgorithm.AesGcm16, 128)]
    [InlineData(EncryptionAlgorithm.ChaCha20Poly1305, 0)]
    public void Aead_encapsulate_and_decapsulate_allocate_nothing(EncryptionAlgorithm encryption, int keyBits) =>
        AssertRoundTripsAllocateNothing(encryption, keyBits, IntegrityAlgorithm.None);

    [Theory]
    [InlineData(128, IntegrityAlgorithm.HmacSha256128)]
    [InlineData(256, IntegrityAlgorithm.HmacSha256128)]
    [InlineData(128, IntegrityAlgorithm.HmacSha196)]
    public void Cbc_with_hmac_encapsulate_and_decapsulate_allocate_nothing(int keyBits, IntegrityAlgorithm integrity) =>
        AssertRoundTripsAllocateNothing(EncryptionAlgorithm.AesCbc, keyBits, integrity);

    private static void AssertRoundTripsAllocateNothing(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity)
    {
        var (outbound, inbound) = TestSas.Pair(encryption, keyBits, integrity, window: 1024);
        using (outbound)
        using (inbound)
        {
            var inner = TestSas.Ipv4Packet(1400);
            var packet = new byte[1600];
            for (int i = 0; i < 200; i++)
            {
                RoundTrip(outbound, inbound, inner, packet);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                RoundTrip(outbound, inbound, inner, packet);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(1200, inbound.Counters.Packets);
        }
    }

    private static void RoundTrip(SecurityAssociation outbound, SecurityAssociation inbound, byte[] inner, byte[] packet)
    {
        if (outbound.TryEncapsulate(inner, EspPacket.NextHeaderIpv4, packet, out int written) != EspStatus.Ok
            || inbound.TryDecapsulate(packet.AsSpan(0, written), out _) != EspStatus.Ok)
        {
            Assert.Fail("round trip failed");
        }
    }
}
