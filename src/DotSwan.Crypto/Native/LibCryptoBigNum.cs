using System.Runtime.InteropServices;

namespace DotSwan.Crypto.Native;

/// <summary>
/// The few BIGNUM functions of OpenSSL 3's libcrypto (which .NET already loads on Linux) that MODP Diffie-Hellman needs:
/// constant-time modular exponentiation, about ten times faster than <see cref="System.Numerics.BigInteger.ModPow"/>.
/// </summary>
internal static partial class LibCryptoBigNum
{
    private const string LibraryName = "libcrypto.so.3";

    private static readonly Lazy<bool> s_available = new(Probe);

    /// <summary>True when libcrypto 3 could be loaded and exports the functions used here.</summary>
    public static bool IsAvailable => s_available.Value;

    /// <summary>
    /// result = base^exponent mod modulus, written big-endian and left-padded to <paramref name="result"/>'s length,
    /// in constant time with respect to the exponent (BN_mod_exp_mont_consttime). The modulus must be odd.
    /// Every BIGNUM holding the exponent or the result is cleared before it is freed.
    /// </summary>
    /// <returns>False if libcrypto reported an error or the result does not fit.</returns>
    public static bool TryModExp(ReadOnlySpan<byte> @base, ReadOnlySpan<byte> exponent, ReadOnlySpan<byte> modulus, Span<byte> result)
    {
        nint ctx = 0, a = 0, p = 0, m = 0, r = 0;
        try
        {
            // The secure variant makes the context clear its temporaries when freed.
            ctx = BN_CTX_secure_new();
            a = BN_new();
            p = BN_new();
            m = BN_new();
            r = BN_new();
            if (ctx == 0 || a == 0 || p == 0 || m == 0 || r == 0
                || BN_bin2bn(@base, @base.Length, a) == 0
                || BN_bin2bn(exponent, exponent.Length, p) == 0
                || BN_bin2bn(modulus, modulus.Length, m) == 0
                || BN_mod_exp_mont_consttime(r, a, p, m, ctx, 0) != 1)
            {
                return false;
            }

            return BN_bn2binpad(r, result, result.Length) == result.Length;
        }
        finally
        {
            BN_clear_free(r);
            BN_clear_free(p);
            BN_free(m);
            BN_free(a);
            BN_CTX_free(ctx);
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad(LibraryName, out nint handle))
        {
            return false;
        }

        return NativeLibrary.TryGetExport(handle, "BN_mod_exp_mont_consttime", out _)
            && NativeLibrary.TryGetExport(handle, "BN_bn2binpad", out _)
            && NativeLibrary.TryGetExport(handle, "BN_CTX_secure_new", out _);
    }

    [LibraryImport(LibraryName)]
    private static partial nint BN_CTX_secure_new();

    [LibraryImport(LibraryName)]
    private static partial void BN_CTX_free(nint ctx);

    [LibraryImport(LibraryName)]
    private static partial nint BN_new();

    [LibraryImport(LibraryName)]
    private static partial void BN_free(nint a);

    [LibraryImport(LibraryName)]
    private static partial void BN_clear_free(nint a);

    [LibraryImport(LibraryName)]
    private static partial nint BN_bin2bn(ReadOnlySpan<byte> s, int len, nint ret);

    [LibraryImport(LibraryName)]
    private static partial int BN_bn2binpad(nint a, Span<byte> to, int tolen);

    [LibraryImport(LibraryName)]
    private static partial int BN_mod_exp_mont_consttime(nint rr, nint a, nint p, nint m, nint ctx, nint inMont);
}
