using DotSwan.Crypto;

namespace DotSwan.Ipsec.Esp;

/// <summary>
/// The keyed transforms of one SA (kept internal: only the ESP and AH code calls them, on one worker): for ESP an AEAD
/// (RFC 4106, 4309, 7634), or a cipher (CBC, CTR or NULL) with an integrity transform; for AH (RFC 4302) an integrity
/// transform alone (<see cref="IsAuthenticationHeader"/>); and the sizes ESP and AH need from them. Owns the transforms and disposes them (which zeroes their keys).
/// Not thread-safe: one instance per SA, used by one worker at a time.
/// </summary>
public sealed class EspTransform : IDisposable
{
    private bool _disposed;

    private EspTransform(IAead? aead, ICipher? cipher, IIntegrity? integrity)
    {
        Aead = aead;
        Cipher = cipher;
        Integrity = integrity;
        if (aead is null && cipher is null)
        {
            IvLength = 0;
            IcvLength = integrity!.IcvLength;
            BlockSize = 1;
            IvKind = EspIvKind.None;
        }
        else if (aead is not null)
        {
            IvLength = aead.IvLength;
            IcvLength = aead.IcvLength;
            BlockSize = 1;
            IvKind = EspIvKind.SequenceNumber;
        }
        else
        {
            IvLength = cipher!.IvLength;
            IcvLength = integrity?.IcvLength ?? 0;
            BlockSize = cipher.BlockSize;
            IvKind = cipher.Algorithm switch
            {
                EncryptionAlgorithm.Null => EspIvKind.None,
                EncryptionAlgorithm.AesCtr => EspIvKind.SequenceNumber,
                _ => EspIvKind.Random,
            };
        }

        // RFC 4303 §2.4: the padded data ends on a 4-byte boundary and on the cipher's block size.
        Alignment = Math.Max(4, BlockSize);
    }

    /// <summary>The AEAD, when the SA uses a combined-mode transform.</summary>
    internal IAead? Aead { get; }

    /// <summary>The cipher, when the SA does not use an AEAD.</summary>
    internal ICipher? Cipher { get; }

    /// <summary>The integrity transform next to <see cref="Cipher"/>; null with an AEAD (and for the unwise encryption-only ESP).</summary>
    internal IIntegrity? Integrity { get; }

    /// <summary>Whether this is an AH transform: integrity only, no cipher.</summary>
    public bool IsAuthenticationHeader => Aead is null && Cipher is null;

    /// <summary>Bytes of explicit IV per packet.</summary>
    public int IvLength { get; }

    /// <summary>Bytes of ICV per packet.</summary>
    public int IcvLength { get; }

    /// <summary>The cipher block size (1 for AEAD and stream modes).</summary>
    public int BlockSize { get; }

    /// <summary>What the payload, padding, pad length and next header are padded to: the block size, at least 4.</summary>
    public int Alignment { get; }

    /// <summary>How outbound packets get their IV.</summary>
    public EspIvKind IvKind { get; }

    /// <summary>Wraps a keyed AEAD (the transform takes ownership).</summary>
    public static EspTransform FromAead(IAead aead)
    {
        ArgumentNullException.ThrowIfNull(aead);
        return new EspTransform(aead, null, null);
    }

    /// <summary>
    /// Wraps a keyed cipher and integrity transform (the transform takes ownership of both). ENCR_NULL requires an
    /// integrity transform (RFC 4303 §3.2: ESP must not offer neither confidentiality nor integrity).
    /// </summary>
    public static EspTransform FromCipher(ICipher cipher, IIntegrity? integrity)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        if (cipher.Algorithm == EncryptionAlgorithm.Null && integrity is null)
        {
            throw new ArgumentException("ENCR_NULL needs an integrity transform", nameof(integrity));
        }

        return new EspTransform(null, cipher, integrity);
    }

    /// <summary>Wraps a keyed integrity transform for AH (the transform takes ownership).</summary>
    public static EspTransform ForAuthenticationHeader(IIntegrity integrity)
    {
        ArgumentNullException.ThrowIfNull(integrity);
        return new EspTransform(null, null, integrity);
    }

    /// <summary>
    /// Creates and keys the AH transform (RFC 4302) through <paramref name="registry"/>: any integrity algorithm of the registry.
    /// Fails without throwing for unsupported ids or wrong key lengths.
    /// </summary>
    public static bool TryCreateAuthenticationHeader(TransformRegistry registry, IntegrityAlgorithm integrity, ReadOnlySpan<byte> integrityKey,
        out EspTransform? transform, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(registry);
        transform = null;
        if (integrity == IntegrityAlgorithm.None)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, "AH needs an integrity algorithm");
            return false;
        }

        if (!registry.TryCreateIntegrity(integrity, integrityKey, out var mac, out error))
        {
            return false;
        }

        transform = new EspTransform(null, null, mac);
        return true;
    }

    /// <summary>
    /// Creates and keys the transforms through <paramref name="registry"/>. <paramref name="encryptionKey"/> is the
    /// encryption key material (with salt or nonce where the transform has one), <paramref name="integrityKey"/> the
    /// integrity key (empty with an AEAD). Fails without throwing for unsupported ids or wrong key lengths.
    /// </summary>
    public static bool TryCreate(TransformRegistry registry, EncryptionAlgorithm encryption, int keyLengthBits, ReadOnlySpan<byte> encryptionKey,
        IntegrityAlgorithm integrity, ReadOnlySpan<byte> integrityKey, out EspTransform? transform, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(registry);
        transform = null;
        if (TransformRegistry.IsAead(encryption))
        {
            if (integrity != IntegrityAlgorithm.None)
            {
                error = new CryptoError(CryptoErrorKind.Unsupported, $"{encryption} is an AEAD and takes no integrity transform ({integrity})");
                return false;
            }

            if (!registry.TryCreateAead(encryption, keyLengthBits, encryptionKey, out var aead, out error))
            {
                return false;
            }

            transform = new EspTransform(aead, null, null);
            return true;
        }

        if (integrity == IntegrityAlgorithm.None)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, $"{encryption} without integrity is not offered: ESP without an ICV has no replay or tamper protection");
            return false;
        }

        if (!registry.TryCreateCipher(encryption, keyLengthBits, encryptionKey, out var cipher, out error))
        {
            return false;
        }

        if (!registry.TryCreateIntegrity(integrity, integrityKey, out var mac, out error))
        {
            cipher!.Dispose();
            return false;
        }

        transform = new EspTransform(null, cipher, mac);
        return true;
    }

    /// <summary>Disposes the transforms, zeroing their keys.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Aead?.Dispose();
        Cipher?.Dispose();
        Integrity?.Dispose();
    }
}
