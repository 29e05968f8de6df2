using Org.BouncyCastle.Crypto.Parameters;

namespace DotSwan.Crypto.Signatures;

/// <summary>Pure Ed25519 verification (RFC 8032, RFC 8420) through BouncyCastle.</summary>
internal sealed class Ed25519Verifier(Ed25519PublicKeyParameters key) : ISignatureVerifier
{
    public SignatureScheme Scheme => SignatureScheme.Ed25519;

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, out CryptoError error)
    {
        bool ok = false;
        if (signature.Length == Ed25519PrivateKeyParameters.SignatureSize)
        {
            byte[] message = data.ToArray();
            try
            {
                ok = key.Verify(Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Algorithm.Ed25519, null, message, 0, message.Length, signature.ToArray(), 0);
            }
            catch (ArgumentException)
            {
                ok = false;
            }
        }

        error = ok ? default : new CryptoError(CryptoErrorKind.InvalidSignature, "Ed25519 signature does not verify");
        return ok;
    }
}
