using BenchmarkDotNet.Attributes;
using DotSwan.Crypto;

namespace DotSwan.Crypto.Benchmarks;

/// <summary>
/// Seal and Open of one 1400-byte ESP payload (a typical full-MTU packet) with reused buffers, as the data plane
/// does it: one keyed AEAD per SA, IV and AAD (SPI ‖ sequence number) per packet.
/// </summary>
[MemoryDiagnoser]
public class AeadBenchmarks
{
    private const int PacketLength = 1400;

    private readonly byte[] _plaintext = new byte[PacketLength];
    private readonly byte[] _ciphertext = new byte[PacketLength];
    private readonly byte[] _opened = new byte[PacketLength];
    private readonly byte[] _icv = new byte[16];
    private readonly byte[] _iv = [0, 0, 0, 0, 0, 0, 0, 1];
    private readonly byte[] _aad = [0x00, 0x00, 0x43, 0x21, 0x00, 0x00, 0x00, 0x01];
    private IAead _aead = null!;

    /// <summary>The transform measured.</summary>
    [Params(EncryptionAlgorithm.AesGcm16, EncryptionAlgorithm.ChaCha20Poly1305)]
    public EncryptionAlgorithm Algorithm { get; set; }

    /// <summary>Keys the AEAD and seals one packet for the Open benchmark.</summary>
    [GlobalSetup]
    public void Setup()
    {
        int keyBits = Algorithm == EncryptionAlgorithm.ChaCha20Poly1305 ? 0 : 128;
        if (!TransformRegistry.Default.TryDescribeEncryption(Algorithm, keyBits, out var info, out var error)
            || !TransformRegistry.Default.TryCreateAead(Algorithm, keyBits, new byte[info.KeyMaterialLength], out var aead, out error))
        {
            throw new InvalidOperationException(error.ToString());
        }

        _aead = aead!;
        Random.Shared.NextBytes(_plaintext);
        _aead.TrySeal(_iv, _plaintext, _aad, _ciphertext, _icv, out _);
    }

    /// <summary>Releases the AEAD.</summary>
    [GlobalCleanup]
    public void Cleanup() => _aead.Dispose();

    /// <summary>Encrypts and authenticates one packet.</summary>
    [Benchmark]
    public bool Seal() => _aead.TrySeal(_iv, _plaintext, _aad, _ciphertext.AsSpan(), _icv.AsSpan(0, _aead.IcvLength), out _);

    /// <summary>Verifies and decrypts one packet.</summary>
    [Benchmark]
    public bool Open() => _aead.TryOpen(_iv, _ciphertext, _icv.AsSpan(0, _aead.IcvLength), _aad, _opened, out _);
}
