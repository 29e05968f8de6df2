using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace DotSwan.Crypto.Signatures;

/// <summary>
/// The key behind a <see cref="SigningKey"/> or a <see cref="VerificationKey"/> (exactly one of RSA, ECDSA, Ed25519)
/// and the one place that maps a <see cref="SignatureScheme"/> to the implementation serving it for that key.
/// Disposing releases the key and its libcrypto handle.
/// </summary>
internal sealed class SignatureKeyMaterial : IDisposable
{
    private readonly RsaEvpKey? _evpKey;

    /// <summary>Wraps the one non-null key; <paramref name="isPrivate"/> says whether it holds private parameters. Takes ownership.</summary>
    public SignatureKeyMaterial(RSA? rsa, ECDsa? ecdsa, AsymmetricKeyParameter? ed25519, bool isPrivate)
    {
        Rsa = rsa;
        Ecdsa = ecdsa;
        Ed25519 = ed25519;
        _evpKey = rsa is null ? null : new RsaEvpKey(rsa, includePrivateParameters: isPrivate);
        KeyType = rsa is not null ? SignatureKeyType.Rsa : ecdsa is not null ? SignatureKeyType.Ecdsa : SignatureKeyType.Ed25519;
    }

    public RSA? Rsa { get; }

    public ECDsa? Ecdsa { get; }

    public AsymmetricKeyParameter? Ed25519 { get; }

    public SignatureKeyType KeyType { get; }

    /// <summary>Key size in bits (modulus length, curve size, or 256 for Ed25519).</summary>
    public int KeySize => Rsa?.KeySize ?? Ecdsa?.KeySize ?? 256;

    /// <summary>
    /// The signer or verifier for <paramref name="scheme"/> from <paramref name="factory"/>; fails with
    /// <see cref="CryptoErrorKind.Unsupported"/> when the key does not fit the scheme or the platform lacks it.
    /// </summary>
    public bool TryCreate<T>(SignatureScheme scheme, ISignatureAlgorithmFactory<T> factory, [NotNullWhen(true)] out T? result, out CryptoError error)
        where T : class
    {
        result = null;
        if (!SignatureKeyFit.TryCheck(scheme, KeyType, KeySize, factory.Use, out error))
        {
            return false;
        }

        switch (scheme)
        {
            case SignatureScheme.Ikev1Rsa:
                if (!OperatingSystem.IsLinux())
                {
                    error = new CryptoError(CryptoErrorKind.Unsupported, "IKEv1 RSA signatures need libcrypto (Linux)");
                    return false;
                }

                result = factory.CreateIkev1Rsa(_evpKey!.Handle(), (Rsa!.KeySize + 7) / 8);
                break;
            case SignatureScheme.Ed25519:
                result = factory.CreateEd25519(Ed25519!);
                break;
            case var _ when KeyType == SignatureKeyType.Rsa:
                result = factory.CreateRsa(Rsa!, scheme);
                break;
            default:
                result = factory.CreateEcdsa(Ecdsa!, scheme);
                break;
        }

        error = default;
        return true;
    }

    public void Dispose()
    {
        Rsa?.Dispose();
        Ecdsa?.Dispose();
        _evpKey?.Dispose();
    }
}
