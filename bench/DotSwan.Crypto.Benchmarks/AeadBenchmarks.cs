using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using DotSwan.Crypto;
using DotSwan.Crypto.Ciphers;

namespace DotSwan.Crypto.Benchmarks;

/// <summary>
/// Seal and Open of one 1400-byte ESP payload (a typical full-MTU packet) with reused buffers, as the data plane
/// does it: one keyed AEAD per SA, a fresh IV (the sequence number) and the AAD (SPI ‖ sequence number) per packet.
/// AES-GCM is measured on the libcrypto implementation the registry uses and on the fallbacks it uses without libcrypto
/// (BCL AesGcm for GCM-16, BouncyCastle for GCM-8); ChaCha20-Poly1305 likewise on libcrypto and on the BCL.
/// </summary>
[MemoryDiagnoser]
public class AeadBenchmarks
{
    private const int PacketLength = 1400;

    private readonly byte[] _plaintext = new byte[PacketLength];
    private readonly byte[] _ciphertext = new byte[PacketLength];
    private readonly byte[] _opened = new byte[PacketLength];
    private readonly byte[] _icv = new byte[16];
    private readonly byte[] _sealIcv = new byte[16];
    private readonly byte[] _sealOutput = new byte[PacketLength];
    private readonly byte[] _sealIv = new byte[8];
    private readonly byte[] _openIv = [0, 0, 0, 0, 0, 0, 0, 1];
    private readonly byte[] _aad = [0x00, 0x00, 0x43, 0x21, 0x00, 0x00, 0x00, 0x01];
    private IAead _aead = null!;
    private ulong _sequence;

    /// <summary>The transform and implementation measured, as "transform/implementation".</summary>
    [Params("AesGcm16/LibCrypto", "AesGcm16/Bcl", "AesGcm8/LibCrypto", "AesGcm8/BouncyCastle", "ChaCha20Poly1305/LibCrypto", "ChaCha20Poly1305/Bcl")]
    public string Aead { get; set; } = "AesGcm16/LibCrypto";

    /// <summary>Keys the AEAD and seals one packet for the Open benchmark.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var algorithm = Enum.Parse<EncryptionAlgorithm>(Aead.Split('/')[0]);
        int keyBits = algorithm == EncryptionAlgorithm.ChaCha20Poly1305 ? 0 : 128;
        if (!TransformRegistry.Default.TryDescribeEncryption(algorithm, keyBits, out var info, out var error))
        {
            throw new InvalidOperationException(error.ToString());
        }

        var key = new byte[info.KeyMaterialLength];
        IAead? aead;
        bool created;
        switch (Aead.Split('/')[1])
        {
            case "Bcl" when algorithm == EncryptionAlgorithm.AesGcm16:
                created = AesGcmAead.TryCreate(algorithm, key, out var bcl, out error);
                aead = bcl;
                break;
            case "Bcl" when algorithm == EncryptionAlgorithm.ChaCha20Poly1305:
                created = ChaCha20Poly1305Aead.TryCreate(key, out var bclChaCha, out error);
                aead = bclChaCha;
                break;
            case "LibCrypto" when algorithm == EncryptionAlgorithm.ChaCha20Poly1305:
                created = LibCryptoChaCha20Poly1305Aead.TryCreate(key, out var evpChaCha, out error);
                aead = evpChaCha;
                break;
            case "BouncyCastle":
                created = AesGcm8Aead.TryCreate(key, out var bouncyCastle, out error);
                aead = bouncyCastle;
                break;
            case "LibCrypto":
                created = LibCryptoAesGcmAead.TryCreate(algorithm, key, out var evp, out error);
                aead = evp;
                break;
            default:
                created = TransformRegistry.Default.TryCreateAead(algorithm, keyBits, key, out aead, out error);
                break;
        }

        if (!created)
        {
            throw new InvalidOperationException(error.ToString());
        }

        _aead = aead!;
        Random.Shared.NextBytes(_plaintext);
        if (!_aead.TrySeal(_openIv, _plaintext, _aad, _ciphertext, _icv.AsSpan(0, _aead.IcvLength), out error))
        {
            throw new InvalidOperationException(error.ToString());
        }
    }

    /// <summary>Releases the AEAD.</summary>
    [GlobalCleanup]
    public void Cleanup() => _aead.Dispose();

    /// <summary>Encrypts and authenticates one packet under the next IV (into scratch buffers, so Open's packet stays intact).</summary>
    [Benchmark]
    public bool Seal()
    {
        BinaryPrimitives.WriteUInt64BigEndian(_sealIv, ++_sequence);
        return _aead.TrySeal(_sealIv, _plaintext, _aad, _sealOutput, _sealIcv.AsSpan(0, _aead.IcvLength), out _);
    }

    /// <summary>Verifies and decrypts one packet.</summary>
    [Benchmark]
    public bool Open() => _aead.TryOpen(_openIv, _ciphertext, _icv.AsSpan(0, _aead.IcvLength), _aad, _opened, out _);
}
