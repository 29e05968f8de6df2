using CsCheck;
using DotSwan.Crypto;
using DotSwan.Ipsec.Encapsulation;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.Sad;

namespace DotSwan.Ipsec.Tests;

/// <summary>
/// Random and mutated bytes into every inbound entry point: a typed result, never an exception. Sampled on one thread:
/// an SA is processed by one worker at a time (CsCheck samples on several threads by default).
/// </summary>
public sealed class InboundFuzzTests
{
    [Theory]
    [InlineData(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, false)]
    [InlineData(EncryptionAlgorithm.AesGcm8, 128, IntegrityAlgorithm.None, true)]
    [InlineData(EncryptionAlgorithm.AesCcm12, 128, IntegrityAlgorithm.None, false)]
    [InlineData(EncryptionAlgorithm.ChaCha20Poly1305, 0, IntegrityAlgorithm.None, true)]
    [InlineData(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha256128, true)]
    [InlineData(EncryptionAlgorithm.AesCtr, 128, IntegrityAlgorithm.AesCmac96, false)]
    [InlineData(EncryptionAlgorithm.Null, 0, IntegrityAlgorithm.HmacSha196, false)]
    public void Random_bytes_never_throw(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity, bool esn)
    {
        var (outbound, inbound) = TestSas.Pair(encryption, keyBits, integrity, esn: esn);
        using (outbound)
        using (inbound)
        {
            Gen.Byte.Array[0, 300].Sample(bytes =>
            {
                // Half of the inputs carry the SA's SPI so that they reach the replay and ICV checks.
                if (bytes.Length >= 4 && bytes[0] % 2 == 0)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, inbound.Spi);
                }

                var status = inbound.TryDecapsulate(bytes.ToArray(), out _);
                Assert.NotEqual(EspStatus.Ok, status);
                EspPacket.Open(inbound.Transform, 1, esn, bytes.ToArray(), out _);
                OuterHeader.TryRead(bytes, out _);
                _ = IpPacketInfo.TryParse(bytes, out _);
                UdpEncapsulation.Classify(bytes);
            }, iter: 3000, threads: 1);
        }
    }

    [Fact]
    public void Mutated_valid_packets_never_throw_and_never_pass()
    {
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha256128);
        using var sad = new SecurityAssociationDatabase();
        sad.TryInstallInbound(inbound);
        using (outbound)
        {
            var valid = new byte[outbound.EncapsulatedLength(80)];
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(TestSas.Ipv4Packet(80), 4, valid, out _));
            var mutations = Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte[1, 255], Gen.Int[0, valid.Length]);
            mutations.Sample((position, xor, length) =>
            {
                var packet = valid.ToArray();
                packet[position] ^= xor;
                var status = sad.TryDecapsulate(inbound.InboundKey.Destination, packet.AsSpan(0, length), out _, out _);
                Assert.NotEqual(EspStatus.Ok, status);
            }, iter: 3000, threads: 1);
        }
    }
}
