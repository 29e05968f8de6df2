using System.Net;
using DotSwan.Crypto;
using DotSwan.Ipsec.Lifetimes;

namespace DotSwan.Ipsec.Tests.Ah;

/// <summary>AH SA pairs with fixed keys (known-answer tests) for IPv4 (192.0.2.1 → .2) or IPv6 (2001:db8::1 → ::2).</summary>
internal static class AhSas
{
    public static readonly IntegrityAlgorithm[] AllIntegrity =
    [
        IntegrityAlgorithm.HmacMd596, IntegrityAlgorithm.HmacSha196, IntegrityAlgorithm.AesXcbc96, IntegrityAlgorithm.AesCmac96,
        IntegrityAlgorithm.HmacSha256128, IntegrityAlgorithm.HmacSha384192, IntegrityAlgorithm.HmacSha512256,
    ];

    public static byte[] Key(IntegrityAlgorithm integrity)
    {
        var key = new byte[TransformRegistry.WithLegacy.IntegrityKeyLength(integrity)];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(0xa0 + i);
        }

        return key;
    }

    public static SecurityAssociationSettings Settings(SaDirection direction, IntegrityAlgorithm integrity, bool ipv6, IpsecMode mode = IpsecMode.Tunnel,
        bool esn = false, uint spi = 0x00001234) => new()
    {
        Spi = spi,
        Direction = direction,
        Source = IPAddress.Parse(ipv6 ? "2001:db8::1" : "192.0.2.1"),
        Destination = IPAddress.Parse(ipv6 ? "2001:db8::2" : "192.0.2.2"),
        Protocol = IpsecProtocol.Ah,
        Encryption = EncryptionAlgorithm.Null,
        Integrity = integrity,
        Mode = mode,
        ExtendedSequenceNumbers = esn,
        Lifetimes = SaLifetimes.Unlimited,
    };

    public static (SecurityAssociation Outbound, SecurityAssociation Inbound) Pair(IntegrityAlgorithm integrity, bool ipv6, IpsecMode mode = IpsecMode.Tunnel, bool esn = false)
    {
        var key = Key(integrity);
        Assert.True(SecurityAssociation.TryCreate(TransformRegistry.WithLegacy, Settings(SaDirection.Outbound, integrity, ipv6, mode, esn), [], key, TestSas.T0,
            out var outbound, out var error), error.ToString());
        Assert.True(SecurityAssociation.TryCreate(TransformRegistry.WithLegacy, Settings(SaDirection.Inbound, integrity, ipv6, mode, esn), [], key, TestSas.T0,
            out var inbound, out error), error.ToString());
        return (outbound!, inbound!);
    }

    /// <summary>An ICMP echo request 10.1.0.1 → 10.2.0.1 of <paramref name="length"/> bytes (header checksum not needed here).</summary>
    public static byte[] InnerIpv4(int length = 84)
    {
        var packet = TestSas.Ipv4Packet(length, 0x3c);
        packet[1] = 0;
        packet[6] = 0x40;
        packet[7] = 0;
        packet[8] = 64;
        byte[] source = [10, 1, 0, 1];
        byte[] destination = [10, 2, 0, 1];
        source.CopyTo(packet, 12);
        destination.CopyTo(packet, 16);
        packet[20] = 8;
        return packet;
    }
}
