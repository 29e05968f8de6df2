using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;

namespace DotSwan.Crypto.Signatures;

/// <summary>Makes <see cref="ISigner"/>s for <see cref="SignatureKeyMaterial.TryCreate{T}"/>.</summary>
internal sealed class SignerFactory : ISignatureAlgorithmFactory<ISigner>
{
    public static SignerFactory Instance { get; } = new();

    public string Use => "sign";

    public ISigner CreateIkev1Rsa(SafeEvpPKeyHandle key, int modulusLength) => new Ikev1RsaSigner(key, modulusLength);

    public ISigner CreateEd25519(AsymmetricKeyParameter key) => new Ed25519Signer((Ed25519PrivateKeyParameters)key);

    public ISigner CreateRsa(RSA rsa, SignatureScheme scheme) => new RsaSigner(rsa, scheme);

    public ISigner CreateEcdsa(ECDsa ecdsa, SignatureScheme scheme) => new EcdsaSigner(ecdsa, scheme);
}
