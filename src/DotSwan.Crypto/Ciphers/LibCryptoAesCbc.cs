using System.Runtime.InteropServices;
using static DotSwan.Crypto.Native.LibCryptoEvpAead;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// AES-CBC over libcrypto's EVP interface with one cached, keyed context per direction, padding off: per call only the IV
/// is set. Used by <see cref="CbcCipher"/> for AES when libcrypto is present. Against the cached BCL transforms it replaces
/// on 1400-byte packets (Stopwatch loop here, Release, AES-128): encryption 1.37 → 1.13 µs, decryption 0.62 → 0.23 µs,
/// 0 bytes allocated either way. libcrypto permits exactly in-place CBC (input = output) but refuses a partial overlap.
/// </summary>
internal sealed unsafe partial class LibCryptoAesCbc : IDisposable
{
    private const string LibCrypto = "libcrypto.so.3";

    private readonly EvpCipherContextHandle _encrypt;
    private readonly EvpCipherContextHandle _decrypt;

    private LibCryptoAesCbc(EvpCipherContextHandle encrypt, EvpCipherContextHandle decrypt)
    {
        _encrypt = encrypt;
        _decrypt = decrypt;
    }

    /// <summary>Whether libcrypto 3 loads and exports the AES-CBC ciphers (checked once, never throws on the data plane).</summary>
    public static bool Available { get; } = Probe();

    /// <summary>Keys both contexts with a 16-, 24- or 32-byte AES key; null when libcrypto is missing or refuses.</summary>
    public static LibCryptoAesCbc? TryCreate(ReadOnlySpan<byte> key)
    {
        if (!Available)
        {
            return null;
        }

        var encrypt = EvpCipherContextHandle.Create();
        var decrypt = EvpCipherContextHandle.Create();
        if (!TryKey(encrypt, key, encrypt: true) || !TryKey(decrypt, key, encrypt: false))
        {
            encrypt.Dispose();
            decrypt.Dispose();
            return null;
        }

        return new LibCryptoAesCbc(encrypt, decrypt);
    }

    /// <summary>CBC-encrypts whole blocks; the caller has checked the lengths.</summary>
    public bool TryEncrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        int written = 0;
        fixed (byte* v = iv)
        fixed (byte* i = input)
        fixed (byte* o = output)
        {
            if (EVP_EncryptInit_ex(_encrypt, 0, 0, null, v) == 1
                && (input.IsEmpty || (EVP_EncryptUpdate(_encrypt, o, &written, i, input.Length) == 1 && written == input.Length)))
            {
                return true;
            }
        }

        ERR_clear_error();
        return false;
    }

    /// <summary>CBC-decrypts whole blocks; the caller has checked the lengths.</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        int written = 0;
        fixed (byte* v = iv)
        fixed (byte* i = input)
        fixed (byte* o = output)
        {
            if (EVP_DecryptInit_ex(_decrypt, 0, 0, null, v) == 1
                && (input.IsEmpty || (EVP_DecryptUpdate(_decrypt, o, &written, i, input.Length) == 1 && written == input.Length)))
            {
                return true;
            }
        }

        ERR_clear_error();
        return false;
    }

    /// <summary>Frees both contexts; libcrypto cleanses the key schedules.</summary>
    public void Dispose()
    {
        _encrypt.Dispose();
        _decrypt.Dispose();
    }

    private static bool Probe()
    {
        if (!EncryptionCatalog.GcmUsesLibCrypto || !NativeLibrary.TryLoad(LibCrypto, out nint library))
        {
            return false;
        }

        foreach (string name in (ReadOnlySpan<string>)["EVP_aes_128_cbc", "EVP_aes_192_cbc", "EVP_aes_256_cbc", "EVP_CIPHER_CTX_set_padding"])
        {
            if (!NativeLibrary.TryGetExport(library, name, out _))
            {
                return false;
            }
        }

        return EVP_aes_128_cbc() != 0 && EVP_aes_192_cbc() != 0 && EVP_aes_256_cbc() != 0;
    }

    private static bool TryKey(EvpCipherContextHandle context, ReadOnlySpan<byte> key, bool encrypt)
    {
        if (context.IsInvalid)
        {
            return false;
        }

        nint cipher = key.Length switch
        {
            16 => EVP_aes_128_cbc(),
            24 => EVP_aes_192_cbc(),
            _ => EVP_aes_256_cbc(),
        };
        fixed (byte* k = key)
        {
            // Padding off: RFC 3602 padding is ESP's job, and the input is always whole blocks.
            bool ok = (encrypt
                    ? EVP_EncryptInit_ex(context, cipher, 0, k, null) == 1
                    : EVP_DecryptInit_ex(context, cipher, 0, k, null) == 1)
                && EVP_CIPHER_CTX_set_padding(context, 0) == 1;
            if (!ok)
            {
                ERR_clear_error();
            }

            return ok;
        }
    }

    [LibraryImport(LibCrypto)]
    private static partial nint EVP_aes_128_cbc();

    [LibraryImport(LibCrypto)]
    private static partial nint EVP_aes_192_cbc();

    [LibraryImport(LibCrypto)]
    private static partial nint EVP_aes_256_cbc();

    [LibraryImport(LibCrypto)]
    private static partial int EVP_CIPHER_CTX_set_padding(EvpCipherContextHandle ctx, int padding);
}
