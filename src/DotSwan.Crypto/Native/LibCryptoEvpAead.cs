using System.Runtime.InteropServices;
using DotSwan.Crypto.Ciphers;

namespace DotSwan.Crypto.Native;

/// <summary>
/// The EVP cipher functions of OpenSSL 3's libcrypto (which .NET already loads on Linux) that AES-GCM with a cached
/// context needs. The BCL's AesGcm builds a fresh context per call; keeping one keyed context per SA and setting only the
/// IV per packet is what brings 1400-byte packets close to <c>openssl speed</c>. Pointers, not spans, so that a call
/// marshals nothing and allocates nothing.
/// </summary>
internal static unsafe partial class LibCryptoEvpAead
{
    /// <summary>EVP_CTRL_GCM_SET_IVLEN (EVP_CTRL_AEAD_SET_IVLEN).</summary>
    public const int CtrlSetIvLength = 0x9;

    /// <summary>EVP_CTRL_GCM_GET_TAG.</summary>
    public const int CtrlGetTag = 0x10;

    /// <summary>EVP_CTRL_GCM_SET_TAG.</summary>
    public const int CtrlSetTag = 0x11;

    private const string LibCrypto = "libcrypto.so.3";

    private static readonly string[] s_exports =
    [
        "EVP_CIPHER_CTX_new", "EVP_CIPHER_CTX_free", "EVP_aes_128_gcm", "EVP_aes_192_gcm", "EVP_aes_256_gcm",
        "EVP_EncryptInit_ex", "EVP_DecryptInit_ex", "EVP_CIPHER_CTX_ctrl", "EVP_EncryptUpdate", "EVP_EncryptFinal_ex",
        "EVP_DecryptUpdate", "EVP_DecryptFinal_ex", "ERR_clear_error",
    ];

    /// <summary>
    /// Whether libcrypto 3 can be loaded and exports every function used here; called once (at registry initialisation) so
    /// that a missing library or export shows up as false there and never as an exception on the data plane.
    /// </summary>
    public static bool Probe()
    {
        if (!NativeLibrary.TryLoad(LibCrypto, out nint library))
        {
            return false;
        }

        foreach (string name in s_exports)
        {
            if (!NativeLibrary.TryGetExport(library, name, out _))
            {
                return false;
            }
        }

        try
        {
            if (EVP_aes_128_gcm() == 0 || EVP_aes_192_gcm() == 0 || EVP_aes_256_gcm() == 0)
            {
                return false;
            }

            using var context = EvpCipherContextHandle.Create();
            return !context.IsInvalid;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether libcrypto (already probed by <see cref="Probe"/>) also exports a usable EVP_chacha20_poly1305; probed
    /// separately so that a build without ChaCha20 still serves AES-GCM.
    /// </summary>
    public static bool ProbeChaCha20Poly1305()
    {
        if (!NativeLibrary.TryLoad(LibCrypto, out nint library) || !NativeLibrary.TryGetExport(library, "EVP_chacha20_poly1305", out _))
        {
            return false;
        }

        try
        {
            return EVP_chacha20_poly1305() != 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The EVP_CIPHER of AES-GCM for a 16-, 24- or 32-byte key (a static libcrypto object, never freed).</summary>
    public static nint AesGcmCipher(int keyLength) => keyLength switch
    {
        16 => EVP_aes_128_gcm(),
        24 => EVP_aes_192_gcm(),
        _ => EVP_aes_256_gcm(),
    };

    [LibraryImport(LibCrypto)]
    internal static partial nint EVP_CIPHER_CTX_new();

    [LibraryImport(LibCrypto)]
    internal static partial void EVP_CIPHER_CTX_free(nint ctx);

    [LibraryImport(LibCrypto)]
    internal static partial nint EVP_aes_128_gcm();

    [LibraryImport(LibCrypto)]
    internal static partial nint EVP_aes_192_gcm();

    [LibraryImport(LibCrypto)]
    internal static partial nint EVP_aes_256_gcm();

    [LibraryImport(LibCrypto)]
    internal static partial nint EVP_chacha20_poly1305();

    [LibraryImport(LibCrypto)]
    internal static partial int EVP_EncryptInit_ex(EvpCipherContextHandle ctx, nint cipher, nint engine, byte* key, byte* iv);

    [LibraryImport(LibCrypto)]
    internal static partial int EVP_DecryptInit_ex(EvpCipherContextHandle ctx, nint cipher, nint engine, byte* key, byte* iv);

    [LibraryImport(LibCrypto)]
    internal static partial int EVP_CIPHER_CTX_ctrl(EvpCipherContextHandle ctx, int type, int arg, void* ptr);

    [LibraryImport(LibCrypto)]
    internal static partial int EVP_EncryptUpdate(EvpCipherContextHandle ctx, byte* output, int* outputLength, byte* input, int inputLength);

    [LibraryImport(LibCrypto)]
    internal static partial int EVP_EncryptFinal_ex(EvpCipherContextHandle ctx, byte* output, int* outputLength);

    [LibraryImport(LibCrypto)]
    internal static partial int EVP_DecryptUpdate(EvpCipherContextHandle ctx, byte* output, int* outputLength, byte* input, int inputLength);

    [LibraryImport(LibCrypto)]
    internal static partial int EVP_DecryptFinal_ex(EvpCipherContextHandle ctx, byte* output, int* outputLength);

    [LibraryImport(LibCrypto)]
    internal static partial void ERR_clear_error();
}
