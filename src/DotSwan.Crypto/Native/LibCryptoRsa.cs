using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace DotSwan.Crypto.Native;

/// <summary>
/// Raw RSA PKCS#1 v1.5 type-1 signing and verification through OpenSSL 3's libcrypto (which .NET already loads on Linux).
/// The BCL always wraps the input in a DigestInfo; IKEv1 (RFC 2409 §5.1) signs the bare HASH_I/HASH_R, and doing
/// that through BouncyCastle is about 17 times slower.
/// </summary>
internal static partial class LibCryptoRsa
{
    private const string LibCrypto = "libcrypto.so.3";
    private const int RsaPkcs1Padding = 1;

    /// <summary>
    /// Signs <paramref name="data"/> with EMSA-PKCS1-v1_5 type-1 padding and no DigestInfo into <paramref name="signature"/>
    /// (modulus length). Returns the signature length, or -1 when libcrypto refuses.
    /// </summary>
    public static unsafe int Sign(SafeEvpPKeyHandle key, ReadOnlySpan<byte> data, Span<byte> signature)
    {
        nint ctx = EVP_PKEY_CTX_new(key, 0);
        if (ctx == 0)
        {
            ERR_clear_error();
            return -1;
        }

        try
        {
            nuint length = (nuint)signature.Length;
            fixed (byte* tbs = data)
            fixed (byte* sig = signature)
            {
                if (EVP_PKEY_sign_init(ctx) != 1
                    || EVP_PKEY_CTX_set_rsa_padding(ctx, RsaPkcs1Padding) != 1
                    || EVP_PKEY_sign(ctx, sig, ref length, tbs, (nuint)data.Length) != 1)
                {
                    ERR_clear_error();
                    return -1;
                }
            }

            return (int)length;
        }
        finally
        {
            EVP_PKEY_CTX_free(ctx);
        }
    }

    /// <summary>
    /// Verifies a type-1 padded raw signature over <paramref name="data"/> (no DigestInfo, no hash); false on any mismatch or error.
    /// </summary>
    public static unsafe bool Verify(SafeEvpPKeyHandle key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        nint ctx = EVP_PKEY_CTX_new(key, 0);
        if (ctx == 0)
        {
            ERR_clear_error();
            return false;
        }

        try
        {
            fixed (byte* tbs = data)
            fixed (byte* sig = signature)
            {
                bool ok = EVP_PKEY_verify_init(ctx) == 1
                    && EVP_PKEY_CTX_set_rsa_padding(ctx, RsaPkcs1Padding) == 1
                    && EVP_PKEY_verify(ctx, sig, (nuint)signature.Length, tbs, (nuint)data.Length) == 1;
                if (!ok)
                {
                    ERR_clear_error();
                }

                return ok;
            }
        }
        finally
        {
            EVP_PKEY_CTX_free(ctx);
        }
    }

    [LibraryImport(LibCrypto)]
    private static partial nint EVP_PKEY_CTX_new(SafeEvpPKeyHandle pkey, nint engine);

    [LibraryImport(LibCrypto)]
    private static partial void EVP_PKEY_CTX_free(nint ctx);

    [LibraryImport(LibCrypto)]
    private static partial int EVP_PKEY_sign_init(nint ctx);

    [LibraryImport(LibCrypto)]
    private static partial int EVP_PKEY_verify_init(nint ctx);

    [LibraryImport(LibCrypto)]
    private static partial int EVP_PKEY_CTX_set_rsa_padding(nint ctx, int padding);

    [LibraryImport(LibCrypto)]
    private static unsafe partial int EVP_PKEY_sign(nint ctx, byte* sig, ref nuint siglen, byte* tbs, nuint tbslen);

    [LibraryImport(LibCrypto)]
    private static unsafe partial int EVP_PKEY_verify(nint ctx, byte* sig, nuint siglen, byte* tbs, nuint tbslen);

    [LibraryImport(LibCrypto)]
    private static partial void ERR_clear_error();
}
