using System.Net;
using System.Security.Cryptography;
using DotSwan.Crypto;
using DotSwan.Ipsec.Lifetimes;

namespace DotSwan.Ipsec.Tests;

/// <summary>Builds matching outbound/inbound SA pairs with random keys for round-trip tests.</summary>
internal static class TestSas
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static SecurityAssociationSettings Settings(SaDirection direction, uint spi, EncryptionAlgorithm encryption, int keyBits,
        IntegrityAlgorithm integrity, IpsecMode mode = IpsecMode.Tunnel, bool esn = false, int window = 64, SaLifetimes? lifetimes = null) => new()
    {
        Spi = spi,
        Direction = direction,
        Source = IPAddress.Parse("192.0.2.1"),
        Destination = IPAddress.Parse("192.0.2.2"),
        Encryption = encryption,
        EncryptionKeyLengthBits = keyBits,
        Integrity = integrity,
        Mode = mode,
        ExtendedSequenceNumbers = esn,
        ReplayWindowSize = window,
        Lifetimes = lifetimes ?? SaLifetimes.Unlimited,
    };

    public static (SecurityAssociation Outbound, SecurityAssociation Inbound) Pair(EncryptionAlgorithm encryption, int keyBits,
        IntegrityAlgorithm integrity, IpsecMode mode = IpsecMode.Tunnel, bool esn = false, int window = 64, SaLifetimes? lifetimes = null,
        TransformRegistry? registry = null, uint spi = 0xc0ffee01)
    {
        registry ??= TransformRegistry.WithLegacy;
        Assert.True(registry.TryDescribeEncryption(encryption, keyBits, out var info, out var error), error.ToString());
        var encryptionKey = RandomNumberGenerator.GetBytes(info.KeyMaterialLength);
        var integrityKey = RandomNumberGenerator.GetBytes(registry.IntegrityKeyLength(integrity));
        Assert.True(SecurityAssociation.TryCreate(registry, Settings(SaDirection.Outbound, spi, encryption, keyBits, integrity, mode, esn, window, lifetimes),
            encryptionKey, integrityKey, T0, out var outbound, out error), error.ToString());
        Assert.True(SecurityAssociation.TryCreate(registry, Settings(SaDirection.Inbound, spi, encryption, keyBits, integrity, mode, esn, window, lifetimes),
            encryptionKey, integrityKey, T0, out var inbound, out error), error.ToString());
        return (outbound!, inbound!);
    }

    /// <summary>A minimal IPv4 packet (ICMP echo request) of <paramref name="length"/> bytes with a valid header length field.</summary>
    public static byte[] Ipv4Packet(int length, byte fill = 0x5a)
    {
        var packet = new byte[length];
        packet.AsSpan().Fill(fill);
        packet[0] = 0x45;
        packet[2] = (byte)(length >> 8);
        packet[3] = (byte)length;
        packet[9] = 1;
        return packet;
    }

    /// <summary>A minimal IPv6 packet (payload length field set) of <paramref name="length"/> bytes.</summary>
    public static byte[] Ipv6Packet(int length, byte fill = 0x6b)
    {
        var packet = new byte[length];
        packet.AsSpan().Fill(fill);
        packet[0] = 0x60;
        packet[1] = 0;
        packet[4] = (byte)((length - 40) >> 8);
        packet[5] = (byte)(length - 40);
        packet[6] = 58;
        return packet;
    }
}
