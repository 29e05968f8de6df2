using System.Buffers.Binary;
using CsCheck;
using DotSwan.Crypto;
using DotSwan.Ipsec.Ah;
using DotSwan.Ipsec.Encapsulation;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.Sad;

namespace DotSwan.Ipsec.Tests.Ah;

/// <summary>
/// Random and mutated packets into the AH entry points: a typed result, never an exception, and a mutated packet never
/// passes unless only AH-mutable fields changed. Sampled on one thread (an SA is processed by one worker at a time).
/// </summary>
public sealed class AhFuzzTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Random_ip_packets_never_throw_and_never_pass(bool ipv6, bool esn)
    {
        var (outbound, inbound) = AhSas.Pair(IntegrityAlgorithm.HmacSha256128, ipv6, esn: esn);
        using var o = outbound;
        using var i = inbound;
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            // Most inputs look like IP packets carrying AH with the SA's SPI, so they reach the deeper checks.
            if (bytes.Length >= 60 && bytes[0] % 4 != 0)
            {
                int header = ipv6 ? 40 : 20;
                bytes[0] = ipv6 ? (byte)0x60 : (byte)0x45;
                if (ipv6)
                {
                    bytes[6] = AhPacket.ProtocolAh;
                }
                else
                {
                    bytes[9] = AhPacket.ProtocolAh;
                    bytes[6] = 0x40;
                    bytes[7] = 0;
                }

                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(header + 4), inbound.Spi);
            }

            Assert.NotEqual(EspStatus.Ok, inbound.TryDecapsulatePacket(bytes.ToArray(), out _));
            _ = AhPacket.TryLocate(bytes, out _, out _);
            _ = AhPacket.TryZeroMutableFields(bytes.ToArray());
            OuterHeader.TryRead(bytes, out _);
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void Mutated_valid_packets_pass_only_when_a_mutable_field_changed()
    {
        var (outbound, inbound) = AhSas.Pair(IntegrityAlgorithm.HmacSha196, ipv6: false);
        using var sad = new SecurityAssociationDatabase();
        sad.TryInstallInbound(inbound);
        Assert.True(TransformRegistry.Default.TryCreateIntegrity(IntegrityAlgorithm.HmacSha196, AhSas.Key(IntegrityAlgorithm.HmacSha196),
            out var created, out var error), error.ToString());
        using var integrity = created!;
        using (outbound)
        {
            var valid = new byte[300];
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulatePacket(AhSas.InnerIpv4(80), 4, valid, out int length));
            valid = valid[..length];
            // IPv4 bytes the ICV does not cover: TOS, flags and fragment offset, TTL, checksum.
            int[] mutable = [1, 6, 7, 8, 10, 11];
            var forwarded = valid.ToArray();
            forwarded[8] = 1; // TTL after many hops: still authentic (before the loop: it takes sequence number 1)
            Assert.Equal(EspStatus.Ok, sad.TryDecapsulatePacket(forwarded, out _, out _));
            Gen.Select(Gen.Int[0, length - 1], Gen.Byte[1, 255]).Sample((position, xor) =>
            {
                var packet = valid.ToArray();
                packet[position] ^= xor;
                _ = sad.TryDecapsulatePacket(packet.ToArray(), out _, out _); // through the SAD and replay window: no throw
                // The ICV alone (no replay window, which would refuse every repeat of sequence number 1).
                if (AhPacket.TryLocate(packet, out int ahOffset, out int packetLength)
                    && AhPacket.Verify(integrity, packet, packetLength, ahOffset, 1, extendedSequenceNumbers: false) == EspStatus.Ok)
                {
                    Assert.Contains(position, mutable);
                }
            }, iter: 2000, threads: 1);
        }
    }
}
