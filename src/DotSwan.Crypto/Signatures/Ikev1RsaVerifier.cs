using System.Security.Cryptography;
using DotSwan.Crypto.Native;

namespace DotSwan.Crypto.Signatures;

/// <summary>IKEv1 RSA verification (RFC 2409 §5.1): type-1 padding over the raw hash, through libcrypto.</summary>
internal sealed class Ikev1RsaVerifier(SafeEvpPKeyHandle key, int modulusLength) : ISignatureVerifier
{
    public SignatureScheme Scheme => SignatureScheme.Ikev1Rsa;

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, out CryptoError error)
    {
        bool ok = signature.Length == modulusLength && LibCryptoRsa.Verify(key, data, signature);
        error = ok ? default : new CryptoError(CryptoErrorKind.InvalidSignature, "IKEv1 RSA signature does not verify");
        return ok;
    }
}
