using System.Buffers.Binary;
using System.Security.Cryptography;
using DotSwan.Crypto;
using DotSwan.Ipsec.Ah;
using DotSwan.Ipsec.Esp;

namespace DotSwan.Ipsec.Tests.Ah;

/// <summary>
/// AH packets checked against an ICV computed here independently (the BCL's HMAC over a copy of the packet whose mutable
/// fields this test zeroes field by field, RFC 4302 §3.3.3.1), not through DotSwan's integrity transforms or zeroing code.
/// </summary>
public sealed class AhKnownAnswerTests
{
    public static TheoryData<IntegrityAlgorithm, bool> HmacCases()
    {
        var data = new TheoryData<IntegrityAlgorithm, bool>();
        foreach (var integrity in new[] { IntegrityAlgorithm.HmacMd596, IntegrityAlgorithm.HmacSha196, IntegrityAlgorithm.HmacSha256128,
                     IntegrityAlgorithm.HmacSha384192, IntegrityAlgorithm.HmacSha512256 })
        {
            data.Add(integrity, false);
            data.Add(integrity, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HmacCases))]
    public void Tunnel_packet_layout_and_icv_match_an_independent_hmac(IntegrityAlgorithm integrity, bool ipv6)
    {
        var (outbound, inbound) = AhSas.Pair(integrity, ipv6);
        using var o = outbound;
        using var i = inbound;
        var inner = AhSas.InnerIpv4();
        var packet = new byte[1500];
        Assert.Equal(EspStatus.Ok, outbound.TryEncapsulatePacket(inner, EspPacket.NextHeaderIpv4, packet, out int written));
        var wire = packet.AsSpan(0, written).ToArray();

        int icvLength = TransformRegistry.WithLegacy.IntegrityIcvLength(integrity);
        int ipHeader = ipv6 ? 40 : 20;
        int alignment = ipv6 ? 8 : 4;
        int ahLength = (12 + icvLength + alignment - 1) / alignment * alignment;
        Assert.Equal(ipHeader + ahLength + inner.Length, written);
        if (ipv6)
        {
            Assert.Equal(0x60, wire[0]);
            Assert.Equal(ahLength + inner.Length, BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(4)));
            Assert.Equal(51, wire[6]);
        }
        else
        {
            Assert.Equal(0x45, wire[0]);
            Assert.Equal(written, BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(2)));
            Assert.NotEqual(0, BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(4))); // Identification: covered, never 0
            Assert.Equal(51, wire[9]);
        }

        var ah = wire.AsSpan(ipHeader);
        Assert.Equal(4, ah[0]); // next header: IPv4 inside
        Assert.Equal((ahLength / 4) - 2, ah[1]); // RFC 4302 §2.2: length in 32-bit words minus 2
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(ah[2..]));
        Assert.Equal(0x1234u, BinaryPrimitives.ReadUInt32BigEndian(ah[4..]));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(ah[8..]));
        Assert.True(ah.Slice(12 + icvLength, ahLength - 12 - icvLength).IndexOfAnyExcept((byte)0) < 0, "padding is zero");
        Assert.Equal(inner, ah[ahLength..].ToArray());

        // Independent ICV: zero the mutable fields by offset, zero the ICV field, HMAC with the BCL, truncate.
        var normalized = wire.ToArray();
        if (ipv6)
        {
            normalized[0] = 0x60;
            normalized[1] = normalized[2] = normalized[3] = 0; // traffic class, flow label
            normalized[7] = 0; // hop limit
        }
        else
        {
            normalized[1] = 0; // TOS
            normalized[6] = normalized[7] = 0; // flags, fragment offset
            normalized[8] = 0; // TTL
            normalized[10] = normalized[11] = 0; // checksum
        }

        normalized.AsSpan(ipHeader + 12, ahLength - 12).Clear();
        Assert.Equal(Hmac(integrity, AhSas.Key(integrity), normalized)[..icvLength], ah.Slice(12, icvLength).ToArray());

        Assert.Equal(EspStatus.Ok, inbound.TryDecapsulatePacket(wire, out var result));
        Assert.Equal(inner, wire.AsSpan(result.PayloadRange).ToArray());
        Assert.Equal(4, result.NextHeader);
    }

    [Fact]
    public void Esn_high_bits_are_authenticated_after_the_packet_but_not_sent()
    {
        var (outbound, inbound) = AhSas.Pair(IntegrityAlgorithm.HmacSha256128, ipv6: false, esn: true);
        using var o = outbound;
        using var i = inbound;
        outbound.SetNextSequenceNumber(0x0000_0002_0000_0005);
        var inner = AhSas.InnerIpv4(60);
        var packet = new byte[400];
        Assert.Equal(EspStatus.Ok, outbound.TryEncapsulatePacket(inner, EspPacket.NextHeaderIpv4, packet, out int written));
        var wire = packet.AsSpan(0, written).ToArray();
        Assert.Equal(5u, BinaryPrimitives.ReadUInt32BigEndian(wire.AsSpan(28)));

        var normalized = new byte[written + 4];
        wire.CopyTo(normalized, 0);
        normalized[1] = 0;
        normalized[6] = normalized[7] = normalized[8] = normalized[10] = normalized[11] = 0;
        normalized.AsSpan(32, 16).Clear();
        BinaryPrimitives.WriteUInt32BigEndian(normalized.AsSpan(written), 2); // seq_hi
        Assert.Equal(HMACSHA256.HashData(AhSas.Key(IntegrityAlgorithm.HmacSha256128), normalized)[..16], wire.AsSpan(32, 16).ToArray());

        // The receiver infers seq_hi from its window: one that has not moved past 2^32 rejects the packet (wrong high bits).
        Assert.Equal(EspStatus.BadIcv, inbound.TryDecapsulatePacket(wire.ToArray(), out _));
    }

    [Fact]
    public void Ipv4_options_mutable_ones_are_zeroed_whole_and_immutable_ones_covered()
    {
        using var integrity = Integrity(IntegrityAlgorithm.HmacSha196);
        // IPv4 header with 8 bytes of options: Router Alert (148, immutable) and a Record Route-like option (7, mutable).
        byte[] payload = [0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4];
        int ahLength = AhPacket.HeaderLength(12, ipv6: false);
        int total = 28 + ahLength + payload.Length;
        var packet = new byte[total];
        packet[0] = 0x47;
        packet[1] = 0x10;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)total);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), 0x4242);
        packet[6] = 0x40;
        packet[8] = 17;
        packet[9] = 51;
        packet[10] = 0x12;
        packet[11] = 0x34;
        byte[] addresses = [192, 0, 2, 1, 192, 0, 2, 2];
        addresses.CopyTo(packet, 12);
        byte[] options = [148, 4, 0, 0, 7, 4, 0x55, 0x66];
        options.CopyTo(packet, 20);
        payload.CopyTo(packet, 28 + ahLength);
        Assert.Equal(EspStatus.Ok, AhPacket.Seal(integrity, packet, total, 28, 6, 0x777, 9, extendedSequenceNumbers: false));

        var normalized = packet.ToArray();
        normalized[1] = 0;
        normalized[6] = normalized[7] = normalized[8] = normalized[10] = normalized[11] = 0;
        normalized.AsSpan(24, 4).Clear(); // the mutable option, type and length included
        normalized.AsSpan(28 + 12, 12).Clear();
        Assert.Equal(Hmac(IntegrityAlgorithm.HmacSha196, Key(IntegrityAlgorithm.HmacSha196), normalized)[..12], packet.AsSpan(40, 12).ToArray());

        // In transit: TTL, TOS, checksum and the mutable option change — still authentic; the router alert value does not.
        var forwarded = packet.ToArray();
        forwarded[8] = 3;
        forwarded[1] = 0xb8;
        forwarded[26] = 0x99;
        Assert.Equal(EspStatus.Ok, AhPacket.Verify(integrity, forwarded, total, 28, 9, false));
        Assert.Equal(packet.AsSpan(28).ToArray(), forwarded.AsSpan(28).ToArray());
        Assert.Equal(3, forwarded[8]); // verification leaves the bytes as they were
        var altered = packet.ToArray();
        altered[22] = 1;
        Assert.Equal(EspStatus.BadIcv, AhPacket.Verify(integrity, altered, total, 28, 9, false));
        var readdressed = packet.ToArray();
        readdressed[19] = 3;
        Assert.Equal(EspStatus.BadIcv, AhPacket.Verify(integrity, readdressed, total, 28, 9, false));
    }

    [Fact]
    public void Ipv6_extension_headers_in_front_of_ah_are_covered_with_their_mutable_option_data_zeroed()
    {
        using var integrity = Integrity(IntegrityAlgorithm.HmacSha384192);
        byte[] payload = [0, 53, 0, 53, 0, 12, 0, 0, 0xca, 0xfe, 0xba, 0xbe];
        int ahLength = AhPacket.HeaderLength(24, ipv6: true);
        Assert.Equal(40, ahLength); // 12 + 24 = 36, padded to a multiple of 8
        int ahOffset = 40 + 8 + 8;
        int total = ahOffset + ahLength + payload.Length;
        var packet = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(packet, 0x6_2a_12345u); // traffic class 0x2a, flow label 0x12345
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(total - 40));
        packet[6] = 0; // Hop-by-Hop follows
        packet[7] = 64;
        var addresses = Convert.FromHexString("20010db8000000000000000000000001" + "20010db8000000000000000000000002");
        addresses.CopyTo(packet, 8);
        // Hop-by-Hop: next = Destination Options (60), Router Alert (type 5: may not change), PadN.
        byte[] hopByHop = [60, 0, 5, 2, 0, 0, 1, 0];
        hopByHop.CopyTo(packet, 40);
        // Destination Options: next = AH (51), experimental type 0x3e (its "may change" bit is set) with 4 bytes of data.
        byte[] destinationOptions = [51, 0, 0x3e, 4, 0xaa, 0xbb, 0xcc, 0xdd];
        destinationOptions.CopyTo(packet, 48);
        payload.CopyTo(packet, ahOffset + ahLength);

        Assert.True(AhPacket.TryLocate(packet, out int located, out int length));
        Assert.Equal((ahOffset, total), (located, length));
        Assert.Equal(EspStatus.Ok, AhPacket.Seal(integrity, packet, total, ahOffset, 17, 0x4321, 1, extendedSequenceNumbers: false));

        var normalized = packet.ToArray();
        normalized[0] = 0x60;
        normalized[1] = normalized[2] = normalized[3] = 0;
        normalized[7] = 0;
        normalized.AsSpan(52, 4).Clear(); // the mutable option's data (type and length stay)
        normalized.AsSpan(ahOffset + 12, ahLength - 12).Clear();
        Assert.Equal(HMACSHA384.HashData(Key(IntegrityAlgorithm.HmacSha384192), normalized)[..24], packet.AsSpan(ahOffset + 12, 24).ToArray());

        var forwarded = packet.ToArray();
        forwarded[7] = 1;
        forwarded[3] = 0x77;
        forwarded[53] = 0x00;
        Assert.Equal(EspStatus.Ok, AhPacket.Verify(integrity, forwarded, total, ahOffset, 1, false));
        var altered = packet.ToArray();
        altered[44] = 1; // router alert value: immutable
        Assert.Equal(EspStatus.BadIcv, AhPacket.Verify(integrity, altered, total, ahOffset, 1, false));
        var payloadChanged = packet.ToArray();
        payloadChanged[^1] ^= 1;
        Assert.Equal(EspStatus.BadIcv, AhPacket.Verify(integrity, payloadChanged, total, ahOffset, 1, false));
    }

    private static byte[] Key(IntegrityAlgorithm integrity) => AhSas.Key(integrity);

    private static IIntegrity Integrity(IntegrityAlgorithm algorithm)
    {
        Assert.True(TransformRegistry.WithLegacy.TryCreateIntegrity(algorithm, Key(algorithm), out var integrity, out var error), error.ToString());
        return integrity!;
    }

    private static byte[] Hmac(IntegrityAlgorithm integrity, byte[] key, byte[] data) => integrity switch
    {
#pragma warning disable CA5351 // HMAC-MD5 is what AUTH_HMAC_MD5_96 is
        IntegrityAlgorithm.HmacMd596 => HMACMD5.HashData(key, data),
#pragma warning restore CA5351
#pragma warning disable CA5350 // HMAC-SHA1 is what AUTH_HMAC_SHA1_96 is
        IntegrityAlgorithm.HmacSha196 => HMACSHA1.HashData(key, data),
#pragma warning restore CA5350
        IntegrityAlgorithm.HmacSha256128 => HMACSHA256.HashData(key, data),
        IntegrityAlgorithm.HmacSha384192 => HMACSHA384.HashData(key, data),
        IntegrityAlgorithm.HmacSha512256 => HMACSHA512.HashData(key, data),
        _ => throw new ArgumentOutOfRangeException(nameof(integrity)),
    };
}
