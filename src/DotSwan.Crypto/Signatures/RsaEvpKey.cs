using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace DotSwan.Crypto.Signatures;

/// <summary>
/// The libcrypto handle of an RSA key, made on first use (IKEv1 RSA signatures go through libcrypto) and shared by
/// every signer or verifier of that key. An <see cref="RSAOpenSsl"/> key lends its handle; any other RSA key is copied.
/// </summary>
internal sealed class RsaEvpKey(RSA rsa, bool includePrivateParameters) : IDisposable
{
    private readonly Lock _lock = new();
    private SafeEvpPKeyHandle? _handle;

    /// <summary>The handle, created on the first call.</summary>
    [SupportedOSPlatform("linux")]
    public SafeEvpPKeyHandle Handle()
    {
        lock (_lock)
        {
            if (_handle is null)
            {
                if (rsa is RSAOpenSsl openSsl)
                {
                    _handle = openSsl.DuplicateKeyHandle();
                }
                else
                {
                    var parameters = rsa.ExportParameters(includePrivateParameters);
                    try
                    {
                        using var copy = new RSAOpenSsl(parameters);
                        _handle = copy.DuplicateKeyHandle();
                    }
                    finally
                    {
                        // The private parts (null for a public key) are secrets: zero the exported copies.
                        CryptographicOperations.ZeroMemory(parameters.D);
                        CryptographicOperations.ZeroMemory(parameters.P);
                        CryptographicOperations.ZeroMemory(parameters.Q);
                        CryptographicOperations.ZeroMemory(parameters.DP);
                        CryptographicOperations.ZeroMemory(parameters.DQ);
                        CryptographicOperations.ZeroMemory(parameters.InverseQ);
                    }
                }
            }

            return _handle;
        }
    }

    /// <summary>Releases the handle if one was made; the RSA key itself belongs to the caller.</summary>
    public void Dispose() => _handle?.Dispose();
}
