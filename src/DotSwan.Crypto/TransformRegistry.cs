using DotSwan.Crypto.Ciphers;
using DotSwan.Crypto.Integrity;
using DotSwan.Crypto.KeyExchange;
using DotSwan.Crypto.Prf;

namespace DotSwan.Crypto;

/// <summary>
/// The transforms DotSwan implements, by IANA id (and Key Length attribute): what they need (key material, IV, ICV,
/// block sizes) so that engines can size keys before they exist, and factories for keyed instances.
/// Each transform kind keeps its table in its own folder (Ciphers/, Integrity/, Prf/, KeyExchange/); this class only routes and applies policy.
/// Nothing here throws on untrusted input: unknown ids, key lengths or keys give a <see cref="CryptoError"/>.
/// </summary>
public sealed class TransformRegistry
{
    /// <summary>Creates a registry.</summary>
    /// <param name="allowLegacy">
    /// Whether DES, 3DES, HMAC-MD5-96, PRF_HMAC_MD5 and the 768- and 1024-bit MODP groups (1 and 2) may be created.
    /// They are off by default because RFC 8247 says MUST NOT for DES and the MD5 transforms and deprecates 3DES and the
    /// small MODP groups (both within reach of precomputation attacks); a configuration that must talk to a legacy IKEv1
    /// peer turns them on explicitly.
    /// </param>
    public TransformRegistry(bool allowLegacy = false)
    {
        AllowLegacy = allowLegacy;
    }

    /// <summary>The registry engines use unless configured otherwise: DES, 3DES, the HMAC-MD5 transforms and MODP groups 1 and 2 refused.</summary>
    public static TransformRegistry Default { get; } = new(allowLegacy: false);

    /// <summary>A registry that also creates DES, 3DES, the HMAC-MD5 transforms and MODP groups 1 and 2, for peers configured to need them.</summary>
    public static TransformRegistry WithLegacy { get; } = new(allowLegacy: true);

    private static readonly KeyExchangeMethod[] s_modernKeyExchangeMethods = [.. KeyExchangeCatalog.Methods.Where(m => !IsLegacy(m))];

    /// <summary>Whether the legacy transforms (DES, 3DES, HMAC-MD5-96, PRF_HMAC_MD5, MODP groups 1 and 2) are enabled.</summary>
    public bool AllowLegacy { get; }

    // ---- Encryption (transform type 1) ----

    /// <summary>
    /// True when AES-GCM (8, 12 and 16-byte ICV) runs on libcrypto with cached contexts; false means the BCL (ICV 12, 16)
    /// and BouncyCastle (ICV 8) fallbacks, which are slower and, for GCM-8, allocate per packet: the daemon should log it.
    /// </summary>
    public static bool AesGcmUsesLibCrypto => EncryptionCatalog.GcmUsesLibCrypto;

    /// <summary>
    /// True when ChaCha20-Poly1305 runs on libcrypto with cached contexts (<see cref="Ciphers.LibCryptoChaCha20Poly1305Aead"/>);
    /// false means the BCL's ChaCha20Poly1305, which re-keys per packet.
    /// </summary>
    public static bool ChaCha20Poly1305UsesLibCrypto => EncryptionCatalog.ChaCha20Poly1305UsesLibCrypto;

    /// <summary>Whether <paramref name="algorithm"/> is a combined-mode (AEAD) transform, which takes no integrity transform.</summary>
    public static bool IsAead(EncryptionAlgorithm algorithm) => EncryptionCatalog.IsAead(algorithm);

    /// <summary>
    /// Describes an encryption transform with its Key Length attribute (<paramref name="keyLengthBits"/>, 0 when absent).
    /// Fails with <see cref="CryptoErrorKind.Unsupported"/> for unknown ids, wrong key lengths, and legacy ciphers when disabled.
    /// </summary>
    public bool TryDescribeEncryption(EncryptionAlgorithm algorithm, int keyLengthBits, out EncryptionTransformInfo info, out CryptoError error)
    {
        if (!EncryptionCatalog.TryDescribe(algorithm, keyLengthBits, out info, out error))
        {
            return false;
        }

        if (info.IsLegacy && !AllowLegacy)
        {
            info = default;
            error = new CryptoError(CryptoErrorKind.Unsupported, $"{algorithm} is a legacy cipher and legacy transforms are disabled");
            return false;
        }

        return true;
    }

    /// <summary>Whether this registry can create (algorithm, key length).</summary>
    public bool IsSupported(EncryptionAlgorithm algorithm, int keyLengthBits) => TryDescribeEncryption(algorithm, keyLengthBits, out _, out _);

    /// <summary>
    /// Creates a keyed non-AEAD cipher. <paramref name="key"/> is the key material of <see cref="EncryptionTransformInfo.KeyMaterialLength"/>
    /// bytes (for AES-CTR: key ‖ nonce). AEAD ids are refused here with <see cref="CryptoErrorKind.Unsupported"/>: use <see cref="TryCreateAead"/>.
    /// </summary>
    public bool TryCreateCipher(EncryptionAlgorithm algorithm, int keyLengthBits, ReadOnlySpan<byte> key, out ICipher? cipher, out CryptoError error)
    {
        cipher = null;
        if (!TryDescribeKeyed(algorithm, keyLengthBits, key.Length, out var info, out error))
        {
            return false;
        }

        if (info.IsAead)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"{algorithm} is an AEAD; create it with TryCreateAead");
            return false;
        }

        return EncryptionCatalog.TryCreateCipher(info, key, out cipher, out error);
    }

    /// <summary>
    /// Creates a keyed AEAD. <paramref name="key"/> is the key material including the salt
    /// (<see cref="EncryptionTransformInfo.KeyMaterialLength"/> bytes). Non-AEAD ids are refused with <see cref="CryptoErrorKind.Unsupported"/>.
    /// </summary>
    public bool TryCreateAead(EncryptionAlgorithm algorithm, int keyLengthBits, ReadOnlySpan<byte> key, out IAead? aead, out CryptoError error)
    {
        aead = null;
        if (!TryDescribeKeyed(algorithm, keyLengthBits, key.Length, out var info, out error))
        {
            return false;
        }

        if (!info.IsAead)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"{algorithm} is not an AEAD; create it with TryCreateCipher");
            return false;
        }

        return EncryptionCatalog.TryCreateAead(info, key, out aead, out error);
    }

    // ---- Integrity (transform type 3) ----

    /// <summary>
    /// Describes an integrity transform; fails for unknown ids, for <see cref="IntegrityAlgorithm.None"/>,
    /// and for HMAC-MD5-96 unless legacy transforms are enabled.
    /// </summary>
    public bool TryDescribeIntegrity(IntegrityAlgorithm algorithm, out IntegrityTransformInfo info)
    {
        if (algorithm == IntegrityAlgorithm.HmacMd596 && !AllowLegacy)
        {
            info = default;
            return false;
        }

        return IntegrityCatalog.TryDescribe(algorithm, out info);
    }

    /// <summary>The key length in bytes of an integrity transform; 0 when <see cref="TryDescribeIntegrity"/> fails (None, unknown, disabled).</summary>
    public int IntegrityKeyLength(IntegrityAlgorithm algorithm) => TryDescribeIntegrity(algorithm, out var info) ? info.KeyLength : 0;

    /// <summary>The ICV length in bytes of an integrity transform; 0 when <see cref="TryDescribeIntegrity"/> fails.</summary>
    public int IntegrityIcvLength(IntegrityAlgorithm algorithm) => TryDescribeIntegrity(algorithm, out var info) ? info.IcvLength : 0;

    /// <summary>Creates a keyed integrity transform; the key must have exactly <see cref="IntegrityKeyLength"/> bytes.</summary>
    public bool TryCreateIntegrity(IntegrityAlgorithm algorithm, ReadOnlySpan<byte> key, out IIntegrity? integrity, out CryptoError error)
    {
        integrity = null;
        if (!TryDescribeIntegrity(algorithm, out var info))
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"integrity transform {algorithm} is not implemented or not enabled");
            return false;
        }

        if (key.Length != info.KeyLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidKeyLength, $"{algorithm} needs a {info.KeyLength}-byte key, got {key.Length}");
            return false;
        }

        return IntegrityCatalog.TryCreate(algorithm, key, out integrity, out error);
    }

    // ---- Pseudo-random functions (transform type 2) ----

    /// <summary>Describes a PRF; fails for unknown ids, and for PRF_HMAC_MD5 unless legacy transforms are enabled.</summary>
    public bool TryDescribePrf(PrfAlgorithm algorithm, out PrfTransformInfo info)
    {
        if (algorithm == PrfAlgorithm.HmacMd5 && !AllowLegacy)
        {
            info = default;
            return false;
        }

        return PrfCatalog.TryDescribe(algorithm, out info);
    }

    /// <summary>The output length in bytes of a PRF; 0 when <see cref="TryDescribePrf"/> fails.</summary>
    public int PrfOutputLength(PrfAlgorithm algorithm) => TryDescribePrf(algorithm, out var info) ? info.OutputLength : 0;

    /// <summary>The preferred key length in bytes of a PRF (SK_d, SK_pi, SK_pr); 0 when <see cref="TryDescribePrf"/> fails.</summary>
    public int PrfKeyLength(PrfAlgorithm algorithm) => TryDescribePrf(algorithm, out var info) ? info.KeyLength : 0;

    /// <summary>Creates a PRF (keyed per call, as IKE needs).</summary>
    public bool TryCreatePrf(PrfAlgorithm algorithm, out IPrf? prf, out CryptoError error)
    {
        if (!TryDescribePrf(algorithm, out _))
        {
            prf = null;
            error = new CryptoError(CryptoErrorKind.Unsupported, $"PRF {algorithm} is not implemented or not enabled");
            return false;
        }

        return PrfCatalog.TryCreate(algorithm, out prf, out error);
    }

    // ---- Key exchange methods (transform type 4; IKEv1 groups use the same numbers) ----

    /// <summary>The key exchange methods this registry creates, in IANA order (without MODP 768 and 1024 unless legacy is enabled).</summary>
    public IReadOnlyList<KeyExchangeMethod> KeyExchangeMethods =>
        AllowLegacy ? KeyExchangeCatalog.Methods : s_modernKeyExchangeMethods;

    /// <summary>
    /// Whether <paramref name="method"/> is a legacy group refused unless legacy transforms are enabled: the 768-bit (1)
    /// and 1024-bit (2) MODP groups, which RFC 8247 §2.4 deprecates.
    /// </summary>
    public static bool IsLegacy(KeyExchangeMethod method) => method is KeyExchangeMethod.Modp768 or KeyExchangeMethod.Modp1024;

    /// <summary>Whether this registry can create key exchanges of <paramref name="method"/>.</summary>
    public bool IsSupported(KeyExchangeMethod method) => TryGetKeyExchange(method, out _, out _);

    /// <summary>
    /// Finds the (stateless, thread-safe) factory of a key exchange method. Fails with <see cref="CryptoErrorKind.Unsupported"/>
    /// for NONE, unknown ids, and MODP groups 1 and 2 unless legacy transforms are enabled.
    /// </summary>
    public bool TryGetKeyExchange(KeyExchangeMethod method, out IKeyExchangeFactory? factory, out CryptoError error)
    {
        factory = null;
        if (IsLegacy(method) && !AllowLegacy)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"{method} is a legacy group and legacy transforms are disabled");
            return false;
        }

        if (!KeyExchangeCatalog.TryGetFactory(method, out var found))
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"key exchange method {(ushort)method} is not implemented");
            return false;
        }

        factory = found;
        error = default;
        return true;
    }

    /// <summary>
    /// The lengths of the initiator's and responder's public values (the KE payload's Key Exchange Data) of
    /// <paramref name="method"/>, so that a received KE payload can be checked before any key exchange exists;
    /// false (and 0s) when <see cref="TryGetKeyExchange"/> would fail.
    /// </summary>
    public bool TryGetKeyExchangeLengths(KeyExchangeMethod method, out int initiatorLength, out int responderLength)
    {
        if (TryGetKeyExchange(method, out var factory, out _))
        {
            initiatorLength = factory!.InitiatorPublicValueLength;
            responderLength = factory.ResponderPublicValueLength;
            return true;
        }

        initiatorLength = 0;
        responderLength = 0;
        return false;
    }

    private bool TryDescribeKeyed(EncryptionAlgorithm algorithm, int keyLengthBits, int keyMaterialLength, out EncryptionTransformInfo info, out CryptoError error)
    {
        if (!TryDescribeEncryption(algorithm, keyLengthBits, out info, out error))
        {
            return false;
        }

        if (keyMaterialLength != info.KeyMaterialLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidKeyLength,
                $"{algorithm} with a {info.KeyLengthBits}-bit key needs {info.KeyMaterialLength} bytes of key material, got {keyMaterialLength}");
            return false;
        }

        return true;
    }
}
