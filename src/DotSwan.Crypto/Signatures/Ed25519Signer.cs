using Org.BouncyCastle.Crypto.Parameters;

namespace DotSwan.Crypto.Signatures;

/// <summary>Pure Ed25519 signing (RFC 8032) through BouncyCastle, which the BCL lacks.</summary>
internal sealed class Ed25519Signer(Ed25519PrivateKeyParameters key) : ISigner
{
    public SignatureScheme Scheme => SignatureScheme.Ed25519;

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signature = new byte[Ed25519PrivateKeyParameters.SignatureSize];
        byte[] message = data.ToArray();
        key.Sign(Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Algorithm.Ed25519, null, message, 0, message.Length, signature, 0);
        return signature;
    }
}
