using System.Net;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using DotSwan.Crypto;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.Lifetimes;

namespace DotSwan.Ipsec.Benchmarks;

/// <summary>
/// ESP data path on one 1400-byte inner IPv4 packet (tunnel mode) with reused buffers, as the TUN backend will run it:
/// <see cref="Encapsulate"/> through an outbound SA (sequence number, IV, padding, seal, accounting);
/// <see cref="Decapsulate"/> opens a sealed packet (ICV, decryption, padding check; a fresh copy each time because it
/// decrypts in place, and without the replay window, which would refuse the repeated sequence number);
/// <see cref="EncapsulateAndDecapsulate"/> the full path through an outbound and an inbound SA (replay window included).
/// Target: 0 bytes allocated per packet.
/// </summary>
[MemoryDiagnoser]
public class EspBenchmarks
{
    private const int InnerLength = 1400;

    private readonly byte[] _inner = new byte[InnerLength];
    private readonly byte[] _packet = new byte[InnerLength + 128];
    private readonly byte[] _sealed = new byte[InnerLength + 128];
    private SecurityAssociation _outbound = null!;
    private SecurityAssociation _inbound = null!;
    private int _sealedLength;

    /// <summary>The suite measured.</summary>
    [Params("AES-128-GCM-16", "AES-128-CBC/HMAC-SHA-256-128")]
    public string Suite { get; set; } = "";

    /// <summary>Creates the SA pair and one sealed packet.</summary>
    [GlobalSetup]
    public void Setup()
    {
        bool gcm = Suite.StartsWith("AES-128-GCM", StringComparison.Ordinal);
        var encryption = gcm ? EncryptionAlgorithm.AesGcm16 : EncryptionAlgorithm.AesCbc;
        var integrity = gcm ? IntegrityAlgorithm.None : IntegrityAlgorithm.HmacSha256128;
        var encryptionKey = RandomNumberGenerator.GetBytes(gcm ? 20 : 16);
        var integrityKey = RandomNumberGenerator.GetBytes(gcm ? 0 : 32);
        _outbound = Create(SaDirection.Outbound, encryption, integrity, encryptionKey, integrityKey);
        _inbound = Create(SaDirection.Inbound, encryption, integrity, encryptionKey, integrityKey);

        Random.Shared.NextBytes(_inner);
        _inner[0] = 0x45;
        _inner[2] = InnerLength >> 8;
        _inner[3] = InnerLength & 0xff;
        if (_outbound.TryEncapsulate(_inner, EspPacket.NextHeaderIpv4, _sealed, out _sealedLength) != EspStatus.Ok)
        {
            throw new InvalidOperationException("setup encapsulation failed");
        }
    }

    /// <summary>Zeroes the keys.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _outbound.Dispose();
        _inbound.Dispose();
    }

    /// <summary>One outbound packet.</summary>
    [Benchmark]
    public EspStatus Encapsulate() => _outbound.TryEncapsulate(_inner, EspPacket.NextHeaderIpv4, _packet, out _);

    /// <summary>One inbound packet without the replay window.</summary>
    [Benchmark]
    public EspStatus Decapsulate()
    {
        _sealed.AsSpan(0, _sealedLength).CopyTo(_packet);
        return EspPacket.Open(_inbound.Transform, 1, extendedSequenceNumbers: false, _packet.AsSpan(0, _sealedLength), out _);
    }

    /// <summary>One packet out through the outbound SA and in through the inbound SA.</summary>
    [Benchmark]
    public EspStatus EncapsulateAndDecapsulate()
    {
        var status = _outbound.TryEncapsulate(_inner, EspPacket.NextHeaderIpv4, _packet, out int written);
        return status != EspStatus.Ok ? status : _inbound.TryDecapsulate(_packet.AsSpan(0, written), out _);
    }

    private static SecurityAssociation Create(SaDirection direction, EncryptionAlgorithm encryption, IntegrityAlgorithm integrity,
        byte[] encryptionKey, byte[] integrityKey)
    {
        var settings = new SecurityAssociationSettings
        {
            Spi = 0x12345678,
            Direction = direction,
            Source = IPAddress.Parse("192.0.2.1"),
            Destination = IPAddress.Parse("192.0.2.2"),
            Encryption = encryption,
            EncryptionKeyLengthBits = 128,
            Integrity = integrity,
            UdpEncapsulation = UdpEncapsulationPorts.Default,
            Lifetimes = SaLifetimes.Unlimited,
            ReplayWindowSize = 1024,
        };
        if (!SecurityAssociation.TryCreate(settings, encryptionKey, integrityKey, DateTimeOffset.UnixEpoch, out var sa, out var error))
        {
            throw new InvalidOperationException(error.ToString());
        }

        return sa!;
    }
}
