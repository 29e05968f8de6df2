using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace DotSwan.Crypto.Signatures;

/// <summary>
/// Makes the signer or verifier (<typeparamref name="T"/>) of one implementation; <see cref="SignatureKeyMaterial"/>
/// decides which implementation a scheme and key need, so signing and verifying share that decision.
/// </summary>
/// <typeparam name="T"><see cref="ISigner"/> or <see cref="ISignatureVerifier"/>.</typeparam>
internal interface ISignatureAlgorithmFactory<out T>
    where T : class
{
    /// <summary>"sign" or "verify", for error messages.</summary>
    string Use { get; }

    /// <summary>IKEv1 raw RSA through libcrypto (Linux only; the caller checks).</summary>
    T CreateIkev1Rsa(SafeEvpPKeyHandle key, int modulusLength);

    /// <summary>Ed25519 through BouncyCastle: private parameters for signing, public ones for verifying.</summary>
    T CreateEd25519(AsymmetricKeyParameter key);

    /// <summary>RSA PKCS#1 v1.5 or PSS through the BCL.</summary>
    T CreateRsa(RSA rsa, SignatureScheme scheme);

    /// <summary>ECDSA (r ‖ s or DER) through the BCL.</summary>
    T CreateEcdsa(ECDsa ecdsa, SignatureScheme scheme);
}
