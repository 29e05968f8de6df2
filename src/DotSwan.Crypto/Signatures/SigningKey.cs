using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace DotSwan.Crypto.Signatures;

/// <summary>
/// Our private key (RSA, ECDSA or Ed25519) for AUTH signatures; makes <see cref="ISigner"/>s for the schemes the key fits.
/// Disposing releases the key (and the libcrypto handle used for IKEv1 RSA).
/// </summary>
public sealed class SigningKey : IDisposable
{
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string Ed25519Oid = "1.3.101.112";

    private readonly SignatureKeyMaterial _key;

    private SigningKey(RSA? rsa, ECDsa? ecdsa, Ed25519PrivateKeyParameters? ed25519)
    {
        _key = new SignatureKeyMaterial(rsa, ecdsa, ed25519, isPrivate: true);
    }

    /// <summary>The kind of key.</summary>
    public SignatureKeyType KeyType => _key.KeyType;

    /// <summary>Key size in bits (modulus length, curve size, or 256 for Ed25519).</summary>
    public int KeySize => _key.KeySize;

    /// <summary>Wraps an RSA private key; the new object owns <paramref name="rsa"/>.</summary>
    public static SigningKey FromRsa(RSA rsa)
    {
        ArgumentNullException.ThrowIfNull(rsa);
        return new SigningKey(rsa, null, null);
    }

    /// <summary>Wraps an ECDSA private key; the new object owns <paramref name="ecdsa"/>.</summary>
    public static SigningKey FromECDsa(ECDsa ecdsa)
    {
        ArgumentNullException.ThrowIfNull(ecdsa);
        return new SigningKey(null, ecdsa, null);
    }

    /// <summary>An Ed25519 private key from its 32-byte seed (RFC 8032).</summary>
    public static SigningKey FromEd25519Seed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519PrivateKeyParameters.KeySize)
        {
            throw new ArgumentException("an Ed25519 seed is 32 bytes", nameof(seed));
        }

        return new SigningKey(null, null, new Ed25519PrivateKeyParameters(seed));
    }

    /// <summary>
    /// Loads the first private key of a PEM text: "PRIVATE KEY" (PKCS#8: RSA, EC or Ed25519), "RSA PRIVATE KEY" (PKCS#1)
    /// or "EC PRIVATE KEY" (SEC 1). Encrypted keys are not supported.
    /// </summary>
    public static bool TryImportPem(ReadOnlySpan<char> pem, [NotNullWhen(true)] out SigningKey? key, out CryptoError error)
    {
        key = null;
        while (PemEncoding.TryFind(pem, out var fields))
        {
            var label = pem[fields.Label];
            var base64 = pem[fields.Base64Data];
            var der = new byte[fields.DecodedDataLength];
            if (!Convert.TryFromBase64Chars(base64, der, out _))
            {
                error = new CryptoError(CryptoErrorKind.Unsupported, "PEM block is not valid base64");
                return false;
            }

            try
            {
                switch (label)
                {
                    case "PRIVATE KEY":
                        return TryImportPkcs8(der, out key, out error);
                    case "RSA PRIVATE KEY":
                        return TryImportRsaPrivateKey(der, out key, out error);
                    case "EC PRIVATE KEY":
                        return TryImportEcPrivateKey(der, out key, out error);
                    case "ENCRYPTED PRIVATE KEY":
                        error = new CryptoError(CryptoErrorKind.Unsupported, "encrypted private keys are not supported");
                        return false;
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(der);
            }

            pem = pem[fields.Location.End..];
        }

        error = new CryptoError(CryptoErrorKind.Unsupported, "no PEM private key block found");
        return false;
    }

    /// <summary>Loads a DER private key: PKCS#8, then PKCS#1 RSA, then SEC 1 EC.</summary>
    public static bool TryImportDer(ReadOnlySpan<byte> der, [NotNullWhen(true)] out SigningKey? key, out CryptoError error) =>
        TryImportPkcs8(der, out key, out error)
        || TryImportRsaPrivateKey(der, out key, out _)
        || TryImportEcPrivateKey(der, out key, out _);

    /// <summary>
    /// A signer for <paramref name="scheme"/>; fails with <see cref="CryptoErrorKind.Unsupported"/> when the key does not fit
    /// (wrong key type, or the wrong curve for an RFC 4754 scheme).
    /// </summary>
    public bool TryCreateSigner(SignatureScheme scheme, [NotNullWhen(true)] out ISigner? signer, out CryptoError error)
        => _key.TryCreate(scheme, SignerFactory.Instance, out signer, out error);

    /// <summary>The matching public key.</summary>
    public VerificationKey GetPublicKey()
    {
        if (_key.Rsa is { } privateRsa)
        {
            var rsa = VerificationKey.CreateRsa();
            rsa.ImportParameters(privateRsa.ExportParameters(false));
            return VerificationKey.FromRsa(rsa);
        }

        if (_key.Ecdsa is { } privateEcdsa)
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportParameters(privateEcdsa.ExportParameters(false));
            return VerificationKey.FromECDsa(ecdsa);
        }

        return VerificationKey.FromEd25519(((Ed25519PrivateKeyParameters)_key.Ed25519!).GeneratePublicKey());
    }

    /// <summary>Releases the key.</summary>
    public void Dispose() => _key.Dispose();

    /// <summary>Names the key type only, never key material.</summary>
    public override string ToString() => $"SigningKey({KeyType}, {KeySize} bits)";

    private static bool TryImportPkcs8(ReadOnlySpan<byte> der, [NotNullWhen(true)] out SigningKey? key, out CryptoError error)
    {
        key = null;
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var info = reader.ReadSequence();
            info.ReadInteger();
            string oid = info.ReadSequence().ReadObjectIdentifier();
            switch (oid)
            {
                case RsaEncryptionOid:
                {
                    var rsa = VerificationKey.CreateRsa();
                    try
                    {
                        rsa.ImportPkcs8PrivateKey(der, out _);
                    }
                    catch (CryptographicException)
                    {
                        rsa.Dispose();
                        throw;
                    }

                    key = new SigningKey(rsa, null, null);
                    break;
                }

                case EcPublicKeyOid:
                {
                    var ecdsa = ECDsa.Create();
                    try
                    {
                        ecdsa.ImportPkcs8PrivateKey(der, out _);
                    }
                    catch (CryptographicException)
                    {
                        ecdsa.Dispose();
                        throw;
                    }

                    key = new SigningKey(null, ecdsa, null);
                    break;
                }

                case Ed25519Oid:
                    key = new SigningKey(null, null, (Ed25519PrivateKeyParameters)PrivateKeyFactory.CreateKey(der.ToArray()));
                    break;
                default:
                    error = new CryptoError(CryptoErrorKind.Unsupported, $"private key algorithm {oid} is not supported");
                    return false;
            }

            error = default;
            return true;
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException or InvalidCastException)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, "not a PKCS#8 private key: " + e.GetType().Name);
            return false;
        }
    }

    private static bool TryImportRsaPrivateKey(ReadOnlySpan<byte> der, [NotNullWhen(true)] out SigningKey? key, out CryptoError error)
    {
        var rsa = VerificationKey.CreateRsa();
        try
        {
            rsa.ImportRSAPrivateKey(der, out _);
            key = new SigningKey(rsa, null, null);
            error = default;
            return true;
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            key = null;
            error = new CryptoError(CryptoErrorKind.Unsupported, "not a PKCS#1 RSA private key");
            return false;
        }
    }

    private static bool TryImportEcPrivateKey(ReadOnlySpan<byte> der, [NotNullWhen(true)] out SigningKey? key, out CryptoError error)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportECPrivateKey(der, out _);
            key = new SigningKey(null, ecdsa, null);
            error = default;
            return true;
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
            key = null;
            error = new CryptoError(CryptoErrorKind.Unsupported, "not a SEC 1 EC private key");
            return false;
        }
    }
}
