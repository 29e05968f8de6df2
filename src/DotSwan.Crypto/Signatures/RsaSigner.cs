using System.Security.Cryptography;

namespace DotSwan.Crypto.Signatures;

/// <summary>RSASSA-PKCS1-v1_5 or RSASSA-PSS signing through the BCL.</summary>
internal sealed class RsaSigner(RSA rsa, SignatureScheme scheme) : ISigner
{
    public SignatureScheme Scheme => scheme;

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var (hash, padding) = RsaVerifier.Parameters(scheme);
        return rsa.SignData(data, hash, padding);
    }
}
