using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;

namespace DotSwan.Crypto.Signatures;

/// <summary>Makes <see cref="ISignatureVerifier"/>s for <see cref="SignatureKeyMaterial.TryCreate{T}"/>.</summary>
internal sealed class VerifierFactory : ISignatureAlgorithmFactory<ISignatureVerifier>
{
    public static VerifierFactory Instance { get; } = new();

    public string Use => "verify";

    public ISignatureVerifier CreateIkev1Rsa(SafeEvpPKeyHandle key, int modulusLength) => new Ikev1RsaVerifier(key, modulusLength);

    public ISignatureVerifier CreateEd25519(AsymmetricKeyParameter key) => new Ed25519Verifier((Ed25519PublicKeyParameters)key);

    public ISignatureVerifier CreateRsa(RSA rsa, SignatureScheme scheme) => new RsaVerifier(rsa, scheme);

    public ISignatureVerifier CreateEcdsa(ECDsa ecdsa, SignatureScheme scheme) => new EcdsaVerifier(ecdsa, scheme);
}
