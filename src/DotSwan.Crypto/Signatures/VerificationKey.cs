using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Parameters;

namespace DotSwan.Crypto.Signatures;

/// <summary>
/// A peer's public key (RSA, ECDSA or Ed25519), usually from its certificate; makes <see cref="ISignatureVerifier"/>s.
/// </summary>
public sealed class VerificationKey : IDisposable
{
    private const string Ed25519Oid = "1.3.101.112";
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";

    private readonly SignatureKeyMaterial _key;

    private VerificationKey(RSA? rsa, ECDsa? ecdsa, Ed25519PublicKeyParameters? ed25519)
    {
        _key = new SignatureKeyMaterial(rsa, ecdsa, ed25519, isPrivate: false);
    }

    /// <summary>The kind of key.</summary>
    public SignatureKeyType KeyType => _key.KeyType;

    /// <summary>Key size in bits (modulus length, curve size, or 256 for Ed25519).</summary>
    public int KeySize => _key.KeySize;

    /// <summary>Wraps an RSA public key; the new object owns <paramref name="rsa"/>.</summary>
    public static VerificationKey FromRsa(RSA rsa)
    {
        ArgumentNullException.ThrowIfNull(rsa);
        return new VerificationKey(rsa, null, null);
    }

    /// <summary>Wraps an ECDSA public key; the new object owns <paramref name="ecdsa"/>.</summary>
    public static VerificationKey FromECDsa(ECDsa ecdsa)
    {
        ArgumentNullException.ThrowIfNull(ecdsa);
        return new VerificationKey(null, ecdsa, null);
    }

    /// <summary>An Ed25519 public key from its 32-byte encoding; fails on a wrong length or a non-point.</summary>
    public static bool TryFromEd25519(ReadOnlySpan<byte> publicKey, [NotNullWhen(true)] out VerificationKey? key, out CryptoError error)
    {
        key = null;
        if (publicKey.Length != Ed25519PublicKeyParameters.KeySize)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"an Ed25519 public key is 32 bytes, not {publicKey.Length}");
            return false;
        }

        try
        {
            key = new VerificationKey(null, null, new Ed25519PublicKeyParameters(publicKey));
            error = default;
            return true;
        }
        catch (ArgumentException)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, "the Ed25519 public key is not a valid point");
            return false;
        }
    }

    /// <summary>The public key of <paramref name="certificate"/>; fails with <see cref="CryptoErrorKind.Unsupported"/> for other key types.</summary>
    public static bool TryFromCertificate(X509Certificate2 certificate, [NotNullWhen(true)] out VerificationKey? key, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        key = null;
        try
        {
            if (OperatingSystem.IsLinux() && certificate.PublicKey.Oid.Value == RsaEncryptionOid
                && Native.LibCryptoRsaPublicKey.TryLoad(certificate.PublicKey.EncodedKeyValue.RawData) is { } fastRsa)
            {
                key = new VerificationKey(fastRsa, null, null);
            }
            else if (certificate.GetRSAPublicKey() is { } rsa)
            {
                key = new VerificationKey(rsa, null, null);
            }
            else if (certificate.GetECDsaPublicKey() is { } ecdsa)
            {
                key = new VerificationKey(null, ecdsa, null);
            }
            else if (certificate.PublicKey.Oid.Value == Ed25519Oid)
            {
                return TryFromEd25519(certificate.PublicKey.EncodedKeyValue.RawData, out key, out error);
            }
            else
            {
                error = new CryptoError(CryptoErrorKind.Unsupported, $"certificate key algorithm {certificate.PublicKey.Oid.Value} is not supported");
                return false;
            }
        }
        catch (CryptographicException e)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, "certificate public key cannot be read: " + e.Message);
            return false;
        }

        error = default;
        return true;
    }

    /// <summary>A public key from a DER SubjectPublicKeyInfo (RSA, EC or Ed25519).</summary>
    public static bool TryImportSubjectPublicKeyInfo(ReadOnlySpan<byte> spki, [NotNullWhen(true)] out VerificationKey? key, out CryptoError error)
    {
        key = null;
        try
        {
            var reader = new System.Formats.Asn1.AsnReader(spki.ToArray(), System.Formats.Asn1.AsnEncodingRules.DER);
            var info = reader.ReadSequence();
            string oid = info.ReadSequence().ReadObjectIdentifier();
            switch (oid)
            {
                case "1.2.840.113549.1.1.1":
                    var rsa = CreateRsa();
                    rsa.ImportSubjectPublicKeyInfo(spki, out _);
                    key = new VerificationKey(rsa, null, null);
                    break;
                case "1.2.840.10045.2.1":
                    var ecdsa = ECDsa.Create();
                    ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
                    key = new VerificationKey(null, ecdsa, null);
                    break;
                case Ed25519Oid:
                    var bits = info.ReadBitString(out int unused);
                    if (unused != 0)
                    {
                        break;
                    }

                    return TryFromEd25519(bits, out key, out error);
                default:
                    error = new CryptoError(CryptoErrorKind.Unsupported, $"public key algorithm {oid} is not supported");
                    return false;
            }

            if (key is null)
            {
                error = new CryptoError(CryptoErrorKind.Unsupported, "malformed SubjectPublicKeyInfo");
                return false;
            }

            error = default;
            return true;
        }
        catch (Exception e) when (e is System.Formats.Asn1.AsnContentException or CryptographicException)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, "malformed SubjectPublicKeyInfo");
            return false;
        }
    }

    /// <summary>
    /// A verifier for <paramref name="scheme"/>; fails with <see cref="CryptoErrorKind.Unsupported"/> when the key does not fit
    /// (wrong key type, or the wrong curve for an RFC 4754 scheme).
    /// </summary>
    public bool TryCreateVerifier(SignatureScheme scheme, [NotNullWhen(true)] out ISignatureVerifier? verifier, out CryptoError error)
        => _key.TryCreate(scheme, VerifierFactory.Instance, out verifier, out error);

    /// <summary>Releases the key.</summary>
    public void Dispose() => _key.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"VerificationKey({KeyType}, {KeySize} bits)";

    /// <summary>An empty RSA object; on Linux an <see cref="RSAOpenSsl"/>, whose libcrypto handle IKEv1 signing uses directly.</summary>
    internal static RSA CreateRsa() => OperatingSystem.IsLinux() ? new RSAOpenSsl() : RSA.Create();

    internal static VerificationKey FromEd25519(Ed25519PublicKeyParameters key) => new(null, null, key);
}
