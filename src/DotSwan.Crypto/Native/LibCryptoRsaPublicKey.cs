using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace DotSwan.Crypto.Native;

/// <summary>
/// Loads an RSA public key from its PKCS#1 RSAPublicKey DER (the subjectPublicKey of an rsaEncryption certificate)
/// through libcrypto's own RSA decoder. The BCL's GetRSAPublicKey / ImportRSAPublicKey go through OpenSSL 3's
/// provider key import, about 0.1 ms per key; this path takes about a microsecond, and that key is read once per peer
/// certificate on every certificate-authenticated handshake.
/// </summary>
internal static partial class LibCryptoRsaPublicKey
{
    private const string LibCrypto = "libcrypto.so.3";
    private const int EvpPKeyRsa = 6;

    /// <summary>The key as an <see cref="RSAOpenSsl"/>, or null when libcrypto does not accept the encoding (the caller falls back to the BCL).</summary>
    [SupportedOSPlatform("linux")]
    public static unsafe RSA? TryLoad(ReadOnlySpan<byte> rsaPublicKey)
    {
        nint rsa;
        fixed (byte* start = rsaPublicKey)
        {
            byte* cursor = start;
            rsa = d2i_RSAPublicKey(0, &cursor, rsaPublicKey.Length);
            if (rsa != 0 && cursor != start + rsaPublicKey.Length)
            {
                // Trailing bytes after the RSAPublicKey: not a DER encoding we accept here.
                RSA_free(rsa);
                rsa = 0;
            }
        }

        if (rsa == 0)
        {
            ERR_clear_error();
            return null;
        }

        nint pkey = EVP_PKEY_new();
        if (pkey == 0 || EVP_PKEY_assign(pkey, EvpPKeyRsa, rsa) != 1)
        {
            RSA_free(rsa);
            if (pkey != 0)
            {
                EVP_PKEY_free(pkey);
            }

            ERR_clear_error();
            return null;
        }

        // RSAOpenSsl takes its own reference to the key; ours goes with the handle.
        using var handle = new SafeEvpPKeyHandle(pkey, ownsHandle: true);
        return new RSAOpenSsl(handle);
    }

    [LibraryImport(LibCrypto)]
    private static unsafe partial nint d2i_RSAPublicKey(nint a, byte** pp, nint length);

    [LibraryImport(LibCrypto)]
    private static partial void RSA_free(nint rsa);

    [LibraryImport(LibCrypto)]
    private static partial nint EVP_PKEY_new();

    [LibraryImport(LibCrypto)]
    private static partial int EVP_PKEY_assign(nint pkey, int type, nint key);

    [LibraryImport(LibCrypto)]
    private static partial void EVP_PKEY_free(nint pkey);

    [LibraryImport(LibCrypto)]
    private static partial void ERR_clear_error();
}
