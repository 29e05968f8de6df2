using System.Buffers.Binary;
using DotSwan.Crypto;
using DotSwan.Ipsec.Esp;

namespace DotSwan.Ipsec.Tests;

/// <summary>Any changed bit of SPI, sequence number, IV, ciphertext or ICV makes the ICV fail; bad padding is dropped.</summary>
public sealed class TamperingTests
{
    [Theory]
    [InlineData(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, false)]
    [InlineData(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, true)]
    [InlineData(EncryptionAlgorithm.ChaCha20Poly1305, 0, IntegrityAlgorithm.None, true)]
    [InlineData(EncryptionAlgorithm.AesCcm16, 192, IntegrityAlgorithm.None, false)]
    [InlineData(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha256128, false)]
    [InlineData(EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha512256, true)]
    [InlineData(EncryptionAlgorithm.AesCtr, 128, IntegrityAlgorithm.AesXcbc96, true)]
    [InlineData(EncryptionAlgorithm.Null, 0, IntegrityAlgorithm.HmacSha196, false)]
    public void Every_single_bit_flip_is_a_bad_icv(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity, bool esn)
    {
        var (outbound, inbound) = TestSas.Pair(encryption, keyBits, integrity, esn: esn);
        using (outbound)
        using (inbound)
        {
            outbound.SetNextSequenceNumber(esn ? 0x1_0000_0007UL : 7);
            if (esn)
            {
                // Earlier traffic moved the receiver into the second 2^32 block, so it infers seq_hi = 1.
                inbound.ReplayWindow!.Update(0x1_0000_0001UL);
            }

            var packet = new byte[outbound.EncapsulatedLength(48)];
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(TestSas.Ipv4Packet(48), 4, packet, out _));
            ulong sequence = outbound.NextSequenceNumber - 1;

            for (int bit = 0; bit < packet.Length * 8; bit++)
            {
                var tampered = packet.ToArray();
                tampered[bit / 8] ^= (byte)(1 << (bit % 8));

                // At the ESP layer, with the sequence number read back from the (tampered) packet as a receiver would use it.
                ulong seen = (sequence & 0xffff_ffff_0000_0000UL) | BinaryPrimitives.ReadUInt32BigEndian(tampered.AsSpan(4));
                Assert.Equal(EspStatus.BadIcv, EspPacket.Open(inbound.Transform, seen, esn, tampered.ToArray(), out _));

                // Through the SA: the SPI check or the replay window may see the damage first; nothing gets through.
                var status = inbound.TryDecapsulate(tampered, out _);
                Assert.True(status is EspStatus.BadIcv or EspStatus.UnknownSpi or EspStatus.ReplayTooOld, $"bit {bit}: {status}");
            }

            Assert.Equal(0, inbound.Counters.Packets);
            Assert.Equal(EspStatus.Ok, inbound.TryDecapsulate(packet, out _));
        }
    }

    [Fact]
    public void Truncated_packets_are_too_short_or_bad_icv()
    {
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha256128);
        using (outbound)
        using (inbound)
        {
            var packet = new byte[outbound.EncapsulatedLength(100)];
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(TestSas.Ipv4Packet(100), 4, packet, out _));
            for (int length = 0; length < packet.Length; length++)
            {
                var status = inbound.TryDecapsulate(packet.AsSpan(0, length).ToArray(), out _);
                Assert.True(status is EspStatus.TooShort or EspStatus.BadLength or EspStatus.BadIcv, $"{length}: {status}");
            }
        }
    }

    [Theory]
    [InlineData(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None)]
    [InlineData(EncryptionAlgorithm.Null, 0, IntegrityAlgorithm.HmacSha256128)]
    public void Wrong_padding_bytes_or_pad_length_are_dropped_after_a_good_icv(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity)
    {
        var (outbound, inbound) = TestSas.Pair(encryption, keyBits, integrity, IpsecMode.Transport);
        using (outbound)
        using (inbound)
        {
            // A correctly keyed sender that writes padding 9, 9 instead of 1, 2; then one whose pad length exceeds the data.
            var badBytes = RawPacket(outbound.Transform, outbound.Spi, 1, [0xaa, 0xbb, 9, 9, 2, 6]);
            Assert.Equal(EspStatus.BadPadding, inbound.TryDecapsulate(badBytes, out _));
            var badLength = RawPacket(outbound.Transform, outbound.Spi, 2, [1, 2, 3, 4, 5, 6, 200, 6]);
            Assert.Equal(EspStatus.BadPadding, inbound.TryDecapsulate(badLength, out _));
            var good = RawPacket(outbound.Transform, outbound.Spi, 3, [0xaa, 0xbb, 1, 2, 2, 6]);
            Assert.Equal(EspStatus.Ok, inbound.TryDecapsulate(good, out var result));
            Assert.Equal(2, result.PayloadLength);

            Assert.Equal(2, inbound.Counters.Drops(EspStatus.BadPadding));

            // The bad packets were authentic, so they still moved the window: replaying them is a duplicate.
            Assert.Equal(EspStatus.ReplayDuplicate, inbound.TryDecapsulate(RawPacket(outbound.Transform, outbound.Spi, 1, [0xaa, 0xbb, 9, 9, 2, 6]), out _));
        }
    }

    // Seals an arbitrary plaintext body (already containing its trailer) as ESP, bypassing the padding EspPacket would write.
    private static byte[] RawPacket(EspTransform transform, uint spi, uint sequence, byte[] body)
    {
        var packet = new byte[8 + transform.IvLength + body.Length + transform.IcvLength];
        BinaryPrimitives.WriteUInt32BigEndian(packet, spi);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence);
        var iv = packet.AsSpan(8, transform.IvLength);
        BinaryPrimitives.WriteUInt64BigEndian(iv.Length == 8 ? iv : new byte[8], sequence);
        var encrypted = packet.AsSpan(8 + transform.IvLength, body.Length);
        var icv = packet.AsSpan(8 + transform.IvLength + body.Length);
        if (transform.Aead is { } aead)
        {
            Assert.True(aead.TrySeal(iv, body, packet.AsSpan(0, 8), encrypted, icv, out _));
        }
        else
        {
            Assert.True(transform.Cipher!.TryEncrypt(iv, body, encrypted, out _));
            transform.Integrity!.Compute(packet.AsSpan(0, 8 + transform.IvLength + body.Length), icv);
        }

        return packet;
    }
}
