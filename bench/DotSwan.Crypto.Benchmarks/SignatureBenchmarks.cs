using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using DotSwan.Crypto.Signatures;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace DotSwan.Crypto.Benchmarks;

/// <summary>
/// AUTH signatures: RSA-2048 PKCS#1 v1.5 SHA-256 and ECDSA P-256 through the BCL, and the IKEv1 raw RSA signature
/// through libcrypto against BouncyCastle's Pkcs1Encoding over RsaEngine. Compare with `openssl speed rsa2048 ecdsap256`.
/// </summary>
[MemoryDiagnoser]
public class SignatureBenchmarks : IDisposable
{
    private readonly byte[] _octets = RandomNumberGenerator.GetBytes(400);
    private readonly byte[] _hash = RandomNumberGenerator.GetBytes(20);
    private SigningKey _rsa = null!;
    private SigningKey _p256 = null!;
    private VerificationKey _rsaPublic = null!;
    private VerificationKey _p256Public = null!;
    private ISigner _rsaSigner = null!;
    private ISignatureVerifier _rsaVerifier = null!;
    private ISigner _p256Signer = null!;
    private ISignatureVerifier _p256Verifier = null!;
    private ISigner _ikev1Signer = null!;
    private Pkcs1Encoding _bouncyCastle = null!;
    private byte[] _rsaSignature = null!;
    private byte[] _p256Signature = null!;
    private ECDsa _bclP256 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(true);
        _rsa = SigningKey.FromRsa(rsa);
        var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _bclP256 = ECDsa.Create(p256.ExportParameters(false));
        _p256 = SigningKey.FromECDsa(p256);
        _rsaPublic = _rsa.GetPublicKey();
        _p256Public = _p256.GetPublicKey();
        if (!_rsa.TryCreateSigner(SignatureScheme.RsaPkcs1Sha256, out var rsaSigner, out _)
            || !_rsaPublic.TryCreateVerifier(SignatureScheme.RsaPkcs1Sha256, out var rsaVerifier, out _)
            || !_p256.TryCreateSigner(SignatureScheme.EcdsaP256Sha256, out var p256Signer, out _)
            || !_p256Public.TryCreateVerifier(SignatureScheme.EcdsaP256Sha256, out var p256Verifier, out _)
            || !_rsa.TryCreateSigner(SignatureScheme.Ikev1Rsa, out var ikev1Signer, out _))
        {
            throw new InvalidOperationException("signers unavailable");
        }

        (_rsaSigner, _rsaVerifier, _p256Signer, _p256Verifier, _ikev1Signer) = (rsaSigner, rsaVerifier, p256Signer, p256Verifier, ikev1Signer);
        _rsaSignature = _rsaSigner.Sign(_octets);
        _p256Signature = _p256Signer.Sign(_octets);

        static BcBigInteger Big(byte[] bytes) => new(1, bytes);
        _bouncyCastle = new Pkcs1Encoding(new RsaEngine());
        _bouncyCastle.Init(true, new RsaPrivateCrtKeyParameters(Big(p.Modulus!), Big(p.Exponent!), Big(p.D!), Big(p.P!), Big(p.Q!),
            Big(p.DP!), Big(p.DQ!), Big(p.InverseQ!)));
    }

    [Benchmark]
    public byte[] Rsa2048Pkcs1Sha256Sign() => _rsaSigner.Sign(_octets);

    [Benchmark]
    public bool Rsa2048Pkcs1Sha256Verify() => _rsaVerifier.Verify(_octets, _rsaSignature, out _);

    [Benchmark]
    public byte[] EcdsaP256Sign() => _p256Signer.Sign(_octets);

    [Benchmark]
    public bool EcdsaP256Verify() => _p256Verifier.Verify(_octets, _p256Signature, out _);

    /// <summary>The BCL called directly on the same key, to show what the wrapper costs.</summary>
    [Benchmark(Baseline = false)]
    public bool EcdsaP256VerifyBclDirect() =>
        _bclP256.VerifyData(_octets, _p256Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark]
    public byte[] Ikev1RawRsaSignLibCrypto() => _ikev1Signer.Sign(_hash);

    [Benchmark]
    public byte[] Ikev1RawRsaSignBouncyCastle() => _bouncyCastle.ProcessBlock(_hash, 0, _hash.Length);

    [GlobalCleanup]
    public void Dispose()
    {
        _rsa?.Dispose();
        _p256?.Dispose();
        _rsaPublic?.Dispose();
        _p256Public?.Dispose();
        _bclP256?.Dispose();
        GC.SuppressFinalize(this);
    }
}
