using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace DotSwan.Crypto.Native;

/// <summary>
/// X25519/X448 (EVP raw keys) and ECDH over prime curves (the EC_KEY API, deprecated in OpenSSL 3.0 but present and the
/// fastest path there) through OpenSSL 3's libcrypto, which .NET already loads on Linux. About three times faster than
/// BouncyCastle for XDH and five times faster than the BCL's ECDiffieHellman with its peer-key import.
/// Every key lives in a <see cref="SafeEvpPKeyHandle"/> (an EC_KEY is assigned to an EVP_PKEY so one handle type covers
/// both); freeing it makes OpenSSL clear the private key. Every failure clears OpenSSL's error queue and returns false/null.
/// </summary>
internal static partial class LibCryptoEvpKeyExchange
{
    /// <summary>EVP_PKEY_X25519 (NID_X25519).</summary>
    public const int X25519 = 1034;

    /// <summary>EVP_PKEY_X448 (NID_X448).</summary>
    public const int X448 = 1035;

    private const string LibraryName = "libcrypto.so.3";
    private const int EvpPKeyEc = 408;
    private const int PointConversionUncompressed = 4;

    /// <summary>Largest field of the curves used here (P-521: 66 bytes); bounds the stack buffers.</summary>
    private const int MaxFieldSize = 66;

    private static readonly Lazy<bool> s_available = new(Probe);
    private static readonly Dictionary<int, nint> s_groups = [];
    private static readonly Lock s_groupsLock = new();

    /// <summary>True when libcrypto 3 could be loaded and exports every function used here.</summary>
    public static bool IsAvailable => s_available.Value;

    /// <summary>
    /// The EC_GROUP of curve <paramref name="nid"/>, created once per process and never freed (a handful of curves, and
    /// OpenSSL only reads a group once built, so threads can share it); 0 when libcrypto is unavailable or lacks the curve.
    /// </summary>
    public static nint GetGroup(int nid)
    {
        if (!IsAvailable)
        {
            return 0;
        }

        lock (s_groupsLock)
        {
            if (!s_groups.TryGetValue(nid, out nint group))
            {
                group = EC_GROUP_new_by_curve_name(nid);
                if (group == 0)
                {
                    ERR_clear_error();
                }

                s_groups[nid] = group;
            }

            return group;
        }
    }

    /// <summary>
    /// Loads the raw XDH private key and writes the public value (same length) into <paramref name="publicValue"/>;
    /// null if libcrypto refuses.
    /// </summary>
    public static SafeEvpPKeyHandle? TryCreateXdhKey(int type, ReadOnlySpan<byte> privateKey, Span<byte> publicValue)
    {
        SafeEvpPKeyHandle key = EVP_PKEY_new_raw_private_key(type, 0, privateKey, (nuint)privateKey.Length);
        nuint length = (nuint)publicValue.Length;
        if (key.IsInvalid
            || EVP_PKEY_get_raw_public_key(key, publicValue, ref length) != 1
            || length != (nuint)publicValue.Length)
        {
            key.Dispose();
            ERR_clear_error();
            return null;
        }

        return key;
    }

    /// <summary>
    /// X25519/X448(our key, <paramref name="peerPublicValue"/>) into <paramref name="secret"/>; false on any error, which
    /// includes OpenSSL 3's own refusal of an all-zero result (a low-order peer point).
    /// </summary>
    public static bool TryDeriveXdh(SafeEvpPKeyHandle key, int type, ReadOnlySpan<byte> peerPublicValue, Span<byte> secret)
    {
        nint peer = 0, ctx = 0;
        try
        {
            peer = EVP_PKEY_new_raw_public_key(type, 0, peerPublicValue, (nuint)peerPublicValue.Length);
            if (peer == 0)
            {
                ERR_clear_error();
                return false;
            }

            ctx = EVP_PKEY_CTX_new(key, 0);
            nuint length = (nuint)secret.Length;
            if (ctx == 0
                || EVP_PKEY_derive_init(ctx) != 1
                || EVP_PKEY_derive_set_peer(ctx, peer) != 1
                || EVP_PKEY_derive(ctx, secret, ref length) != 1
                || length != (nuint)secret.Length)
            {
                CryptographicOperations.ZeroMemory(secret);
                ERR_clear_error();
                return false;
            }

            return true;
        }
        finally
        {
            EVP_PKEY_CTX_free(ctx);
            EVP_PKEY_free(peer);
        }
    }

    /// <summary>
    /// Generates an EC key pair on <paramref name="group"/> and writes x ‖ y (each field-size) into
    /// <paramref name="publicValue"/>; null if libcrypto refuses.
    /// </summary>
    public static SafeEvpPKeyHandle? TryGenerateEcKey(nint group, Span<byte> publicValue)
    {
        nint ecKey = EC_KEY_new();
        if (ecKey == 0 || EC_KEY_set_group(ecKey, group) != 1 || EC_KEY_generate_key(ecKey) != 1)
        {
            EC_KEY_free(ecKey);
            ERR_clear_error();
            return null;
        }

        return WrapEcKey(ecKey, group, publicValue);
    }

    /// <summary>
    /// An EC key pair with the chosen big-endian private scalar (for known-answer tests) and its public value x ‖ y;
    /// null if libcrypto refuses (for example a zero scalar).
    /// </summary>
    public static SafeEvpPKeyHandle? TryCreateEcKey(nint group, ReadOnlySpan<byte> privateKey, Span<byte> publicValue)
    {
        nint ecKey = 0, scalar = 0, point = 0;
        try
        {
            ecKey = EC_KEY_new();
            scalar = BN_secure_new();
            point = EC_POINT_new(group);
            if (ecKey == 0 || scalar == 0 || point == 0
                || EC_KEY_set_group(ecKey, group) != 1
                || BN_bin2bn(privateKey, privateKey.Length, scalar) == 0
                || EC_KEY_set_private_key(ecKey, scalar) != 1
                || EC_POINT_mul(group, point, scalar, 0, 0, 0) != 1
                || EC_KEY_set_public_key(ecKey, point) != 1)
            {
                ERR_clear_error();
                return null;
            }

            SafeEvpPKeyHandle? key = WrapEcKey(ecKey, group, publicValue);
            ecKey = 0; // WrapEcKey owns it now, success or not.
            return key;
        }
        finally
        {
            EC_POINT_free(point);
            BN_clear_free(scalar);
            EC_KEY_free(ecKey);
        }
    }

    /// <summary>
    /// Decodes a peer's x ‖ y (each <paramref name="fieldSize"/> bytes) as an uncompressed point on <paramref name="group"/>:
    /// both coordinates below p, on the curve, not the point at infinity (RFC 6989 §2.3; every curve used here has
    /// cofactor 1, so that is the whole check). Returns an EC_POINT the caller frees with <see cref="FreePoint"/>, or 0.
    /// </summary>
    public static nint TryDecodePoint(nint group, int fieldSize, ReadOnlySpan<byte> xy)
    {
        if (fieldSize > MaxFieldSize || xy.Length != 2 * fieldSize)
        {
            return 0;
        }

        Span<byte> encoded = stackalloc byte[1 + (2 * MaxFieldSize)];
        encoded = encoded[..(1 + xy.Length)];
        encoded[0] = 0x04;
        xy.CopyTo(encoded[1..]);

        nint point = EC_POINT_new(group);
        if (point == 0
            || EC_POINT_oct2point(group, point, encoded, (nuint)encoded.Length, 0) != 1
            || EC_POINT_is_at_infinity(group, point) != 0
            || EC_POINT_is_on_curve(group, point, 0) != 1)
        {
            EC_POINT_free(point);
            ERR_clear_error();
            return 0;
        }

        return point;
    }

    /// <summary>Frees a point from <see cref="TryDecodePoint"/>; 0 is ignored.</summary>
    public static void FreePoint(nint point) => EC_POINT_free(point);

    /// <summary>
    /// The x coordinate of our private scalar times <paramref name="peerPoint"/>, field-size, into <paramref name="secret"/>
    /// (ECDH_compute_key without a KDF: RFC 5903 §7); false on any error.
    /// </summary>
    public static bool TryDeriveEc(SafeEvpPKeyHandle key, nint peerPoint, Span<byte> secret)
    {
        bool added = false;
        try
        {
            // Keep the EVP_PKEY alive while its borrowed EC_KEY pointer is in use.
            key.DangerousAddRef(ref added);
            nint ecKey = EVP_PKEY_get0_EC_KEY(key.DangerousGetHandle());
            if (ecKey == 0 || ECDH_compute_key(secret, (nuint)secret.Length, peerPoint, ecKey, 0) != secret.Length)
            {
                CryptographicOperations.ZeroMemory(secret);
                ERR_clear_error();
                return false;
            }

            return true;
        }
        finally
        {
            if (added)
            {
                key.DangerousRelease();
            }
        }
    }

    /// <summary>Writes the public value of <paramref name="ecKey"/> and wraps it in an EVP_PKEY; frees it on failure.</summary>
    private static SafeEvpPKeyHandle? WrapEcKey(nint ecKey, nint group, Span<byte> publicValue)
    {
        Span<byte> encoded = stackalloc byte[1 + (2 * MaxFieldSize)];
        nint pkey = 0;
        try
        {
            nint point = EC_KEY_get0_public_key(ecKey);
            nuint length = point == 0 ? 0 : EC_POINT_point2oct(group, point, PointConversionUncompressed, encoded, (nuint)encoded.Length, 0);
            if (length != (nuint)(1 + publicValue.Length) || encoded[0] != 0x04)
            {
                ERR_clear_error();
                return null;
            }

            encoded[1..(1 + publicValue.Length)].CopyTo(publicValue);
            pkey = EVP_PKEY_new();
            if (pkey == 0 || EVP_PKEY_assign(pkey, EvpPKeyEc, ecKey) != 1)
            {
                ERR_clear_error();
                return null;
            }

            // The EVP_PKEY owns the EC_KEY now (and frees it in the finally below if we stop here).
            ecKey = 0;
            if (OperatingSystem.IsWindows())
            {
                return null; // Unreachable (IsAvailable is Linux-only); it tells the analyzer the handle type is usable.
            }

            var handle = new SafeEvpPKeyHandle(pkey, ownsHandle: true);
            pkey = 0;
            return handle;
        }
        finally
        {
            EVP_PKEY_free(pkey);
            EC_KEY_free(ecKey);
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad(LibraryName, out nint handle))
        {
            return false;
        }

        foreach (string name in (ReadOnlySpan<string>)
        [
            "EVP_PKEY_new_raw_private_key", "EVP_PKEY_new_raw_public_key", "EVP_PKEY_get_raw_public_key", "EVP_PKEY_derive_set_peer",
            "EC_KEY_generate_key", "EC_POINT_oct2point", "ECDH_compute_key", "EVP_PKEY_get0_EC_KEY", "EVP_PKEY_assign", "BN_secure_new",
        ])
        {
            if (!NativeLibrary.TryGetExport(handle, name, out _))
            {
                return false;
            }
        }

        return true;
    }

    [LibraryImport(LibraryName)]
    private static partial void ERR_clear_error();

    [LibraryImport(LibraryName)]
    private static partial SafeEvpPKeyHandle EVP_PKEY_new_raw_private_key(int type, nint engine, ReadOnlySpan<byte> key, nuint keyLength);

    [LibraryImport(LibraryName)]
    private static partial nint EVP_PKEY_new_raw_public_key(int type, nint engine, ReadOnlySpan<byte> key, nuint keyLength);

    [LibraryImport(LibraryName)]
    private static partial int EVP_PKEY_get_raw_public_key(SafeEvpPKeyHandle pkey, Span<byte> pub, ref nuint length);

    [LibraryImport(LibraryName)]
    private static partial nint EVP_PKEY_new();

    [LibraryImport(LibraryName)]
    private static partial void EVP_PKEY_free(nint pkey);

    [LibraryImport(LibraryName)]
    private static partial int EVP_PKEY_assign(nint pkey, int type, nint key);

    [LibraryImport(LibraryName)]
    private static partial nint EVP_PKEY_get0_EC_KEY(nint pkey);

    [LibraryImport(LibraryName)]
    private static partial nint EVP_PKEY_CTX_new(SafeEvpPKeyHandle pkey, nint engine);

    [LibraryImport(LibraryName)]
    private static partial void EVP_PKEY_CTX_free(nint ctx);

    [LibraryImport(LibraryName)]
    private static partial int EVP_PKEY_derive_init(nint ctx);

    [LibraryImport(LibraryName)]
    private static partial int EVP_PKEY_derive_set_peer(nint ctx, nint peer);

    [LibraryImport(LibraryName)]
    private static partial int EVP_PKEY_derive(nint ctx, Span<byte> key, ref nuint keyLength);

    [LibraryImport(LibraryName)]
    private static partial nint EC_GROUP_new_by_curve_name(int nid);

    [LibraryImport(LibraryName)]
    private static partial nint EC_KEY_new();

    [LibraryImport(LibraryName)]
    private static partial void EC_KEY_free(nint key);

    [LibraryImport(LibraryName)]
    private static partial int EC_KEY_set_group(nint key, nint group);

    [LibraryImport(LibraryName)]
    private static partial int EC_KEY_generate_key(nint key);

    [LibraryImport(LibraryName)]
    private static partial int EC_KEY_set_private_key(nint key, nint privateKey);

    [LibraryImport(LibraryName)]
    private static partial int EC_KEY_set_public_key(nint key, nint point);

    [LibraryImport(LibraryName)]
    private static partial nint EC_KEY_get0_public_key(nint key);

    [LibraryImport(LibraryName)]
    private static partial nint EC_POINT_new(nint group);

    [LibraryImport(LibraryName)]
    private static partial void EC_POINT_free(nint point);

    [LibraryImport(LibraryName)]
    private static partial int EC_POINT_oct2point(nint group, nint point, ReadOnlySpan<byte> buffer, nuint length, nint ctx);

    [LibraryImport(LibraryName)]
    private static partial nuint EC_POINT_point2oct(nint group, nint point, int form, Span<byte> buffer, nuint length, nint ctx);

    [LibraryImport(LibraryName)]
    private static partial int EC_POINT_is_at_infinity(nint group, nint point);

    [LibraryImport(LibraryName)]
    private static partial int EC_POINT_is_on_curve(nint group, nint point, nint ctx);

    [LibraryImport(LibraryName)]
    private static partial int EC_POINT_mul(nint group, nint result, nint generatorScalar, nint point, nint pointScalar, nint ctx);

    [LibraryImport(LibraryName)]
    private static partial int ECDH_compute_key(Span<byte> output, nuint outputLength, nint peerPoint, nint ecKey, nint kdf);

    [LibraryImport(LibraryName)]
    private static partial nint BN_secure_new();

    [LibraryImport(LibraryName)]
    private static partial void BN_clear_free(nint a);

    [LibraryImport(LibraryName)]
    private static partial nint BN_bin2bn(ReadOnlySpan<byte> s, int length, nint result);
}
