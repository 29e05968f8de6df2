using System.Security.Cryptography;
using DotSwan.Crypto.Native;

namespace DotSwan.Crypto.Signatures;

/// <summary>IKEv1 RSA signing (RFC 2409 §5.1): type-1 padding over the raw hash, through libcrypto.</summary>
internal sealed class Ikev1RsaSigner(SafeEvpPKeyHandle key, int modulusLength) : ISigner
{
    public SignatureScheme Scheme => SignatureScheme.Ikev1Rsa;

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signature = new byte[modulusLength];
        int length = LibCryptoRsa.Sign(key, data, signature);
        if (length != modulusLength)
        {
            // Our own key and our own hash: only a broken key or an oversized input gets here.
            throw new CryptographicException($"libcrypto refused to sign {data.Length} bytes with a {modulusLength * 8}-bit RSA key");
        }

        return signature;
    }
}
