using System.Buffers.Binary;

namespace DotSwan.Crypto.Kdf;

/// <summary>
/// IKEv2 key derivation: SKEYSEED and SK_* (RFC 7296 §2.14), IKE SA rekey (§2.18), Child SA KEYMAT (§2.17) and the
/// additional key exchanges of RFC 9370 §2.2. Pure functions: the caller supplies the negotiated PRF and lengths.
/// Nothing here throws on sizes that came from the wire; failures come back as a <see cref="CryptoError"/>.
/// </summary>
public static class Ikev2KeyDerivation
{
    /// <summary>RFC 7296 §2.14: the fixed-key PRFs are keyed with the first 64 bits of each nonce.</summary>
    private const int FixedKeyNonceBytes = 8;

    /// <summary>
    /// SKEYSEED = prf(Ni | Nr, g^ir). For AES-XCBC-PRF-128 and AES-CMAC-PRF-128 the key is the first 64 bits of Ni
    /// followed by the first 64 bits of Nr, as RFC 7296 §2.14 requires for PRFs with fixed-size keys.
    /// </summary>
    public static bool TryComputeSkeyseed(IPrf prf, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, ReadOnlySpan<byte> sharedSecret,
        out SecretBytes? skeyseed, out CryptoError error)
    {
        skeyseed = null;
        if (!KdfLength.CheckPrf(prf, out error))
        {
            return false;
        }

        bool fixedKey = prf.Algorithm is PrfAlgorithm.Aes128Xcbc or PrfAlgorithm.Aes128Cmac;
        if (fixedKey && (ni.Length < FixedKeyNonceBytes || nr.Length < FixedKeyNonceBytes))
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, "nonces must hold at least 64 bits for a fixed-key PRF");
            return false;
        }

        ReadOnlySpan<byte> niPart = fixedKey ? ni[..FixedKeyNonceBytes] : ni;
        ReadOnlySpan<byte> nrPart = fixedKey ? nr[..FixedKeyNonceBytes] : nr;
        if (!KdfLength.TrySum(out int keyLength, out error, niPart.Length, nrPart.Length))
        {
            return false;
        }

        using var scratch = new ScratchBuffer(keyLength, stackalloc byte[512]);
        var key = new SpanCursor(scratch.Span);
        key.Append(niPart);
        key.Append(nrPart);
        skeyseed = new SecretBytes(prf.OutputLength);
        prf.Compute(key.Written, sharedSecret, skeyseed.Span);
        return true;
    }

    /// <summary>
    /// SKEYSEED for a rekeyed IKE SA (RFC 7296 §2.18): prf(SK_d (old), g^ir (new) | Ni | Nr).
    /// Pass the old IKE SA's PRF: the rekey exchange belongs to the old SA.
    /// </summary>
    public static bool TryComputeRekeySkeyseed(IPrf oldPrf, ReadOnlySpan<byte> oldSkD, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, out SecretBytes? skeyseed, out CryptoError error) =>
        TryComputeSkDKeyedSkeyseed(oldPrf, oldSkD, sharedSecret, [], ni, nr, out skeyseed, out error);

    /// <summary>
    /// SKEYSEED for a rekeyed IKE SA with additional key exchanges (RFC 9370 §2.2.4):
    /// prf(SK_d (old), SK(0) | SK(1) | … | SK(n) | Ni | Nr), the shared secrets in the order of the exchanges.
    /// </summary>
    public static bool TryComputeRekeySkeyseed(IPrf oldPrf, ReadOnlySpan<byte> oldSkD, ReadOnlySpan<SecretBytes> sharedSecrets,
        ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, out SecretBytes? skeyseed, out CryptoError error) =>
        TryComputeSkDKeyedSkeyseed(oldPrf, oldSkD, [], sharedSecrets, ni, nr, out skeyseed, out error);

    /// <summary>
    /// SKEYSEED(n) after the n-th additional key exchange in IKE_INTERMEDIATE (RFC 9370 §2.2.2):
    /// prf(SK_d(n-1), SK(n) | Ni | Nr). Derive the new SK_* from it with <see cref="TryDeriveIkeSaKeys"/> and the same SPIs.
    /// </summary>
    public static bool TryComputeAdditionalKeyExchangeSkeyseed(IPrf prf, ReadOnlySpan<byte> previousSkD,
        ReadOnlySpan<byte> additionalSharedSecret, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr,
        out SecretBytes? skeyseed, out CryptoError error) =>
        TryComputeSkDKeyedSkeyseed(prf, previousSkD, additionalSharedSecret, [], ni, nr, out skeyseed, out error);

    /// <summary>
    /// Fills <paramref name="keyMaterial"/> with prf+(SKEYSEED, Ni | Nr | SPIi | SPIr), the SPIs in network byte order.
    /// </summary>
    public static bool TryExpandIkeSaKeyMaterial(IPrf prf, ReadOnlySpan<byte> skeyseed, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr,
        ulong spiI, ulong spiR, Span<byte> keyMaterial, out CryptoError error)
    {
        if (!KdfLength.TrySum(out int seedLength, out error, ni.Length, nr.Length, sizeof(ulong), sizeof(ulong)))
        {
            return false;
        }

        using var scratch = new ScratchBuffer(seedLength, stackalloc byte[512]);
        var seed = new SpanCursor(scratch.Span);
        seed.Append(ni);
        seed.Append(nr);
        Span<byte> spis = stackalloc byte[2 * sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(spis, spiI);
        BinaryPrimitives.WriteUInt64BigEndian(spis[sizeof(ulong)..], spiR);
        seed.Append(spis);
        return PrfPlus.TryExpand(prf, skeyseed, seed.Written, keyMaterial, out error);
    }

    /// <summary>
    /// {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) (RFC 7296 §2.14).
    /// The same call derives the keys of a rekeyed IKE SA (new nonces and SPIs, new PRF) and of RFC 9370's SKEYSEED(n).
    /// </summary>
    public static bool TryDeriveIkeSaKeys(IPrf prf, ReadOnlySpan<byte> skeyseed, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr,
        ulong spiI, ulong spiR, IkeSaKeyLengths lengths, out IkeSaKeys? keys, out CryptoError error)
    {
        keys = null;
        if (!lengths.IsValid || lengths.Total > ScratchBuffer.MaxLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"invalid IKE SA key lengths {lengths}");
            return false;
        }

        using var keyMaterial = new ScratchBuffer((int)lengths.Total, stackalloc byte[512]);
        if (!TryExpandIkeSaKeyMaterial(prf, skeyseed, ni, nr, spiI, spiR, keyMaterial.Span, out error))
        {
            return false;
        }

        keys = new IkeSaKeys(keyMaterial.Span, lengths);
        return true;
    }

    /// <summary>
    /// Child SA KEYMAT (RFC 7296 §2.17): prf+(SK_d, Ni | Nr), or with PFS prf+(SK_d, g^ir (new) | Ni | Nr).
    /// Pass an empty <paramref name="sharedSecret"/> for no PFS.
    /// </summary>
    public static bool TryExpandChildKeyMaterial(IPrf prf, ReadOnlySpan<byte> skD, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, Span<byte> keyMaterial, out CryptoError error) =>
        TryExpandChildKeyMaterial(prf, skD, sharedSecret, [], ni, nr, keyMaterial, out error);

    /// <summary>
    /// Child SA KEYMAT with several key exchanges (RFC 9370 §2.2.4): prf+(SK_d, SK(0) | SK(1) | … | SK(n) | Ni | Nr).
    /// </summary>
    public static bool TryExpandChildKeyMaterial(IPrf prf, ReadOnlySpan<byte> skD, ReadOnlySpan<SecretBytes> sharedSecrets,
        ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, Span<byte> keyMaterial, out CryptoError error) =>
        TryExpandChildKeyMaterial(prf, skD, [], sharedSecrets, ni, nr, keyMaterial, out error);

    /// <summary>
    /// The four keys of a Child SA from KEYMAT (RFC 7296 §2.17): initiator→responder encryption, integrity, then
    /// responder→initiator encryption, integrity. Pass an empty <paramref name="sharedSecret"/> for no PFS.
    /// </summary>
    public static bool TryDeriveChildSaKeys(IPrf prf, ReadOnlySpan<byte> skD, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, ChildSaKeyLengths lengths, out ChildSaKeys? keys, out CryptoError error) =>
        TryDeriveChildSaKeys(prf, skD, sharedSecret, [], ni, nr, lengths, out keys, out error);

    /// <summary>
    /// The four keys of a Child SA created with several key exchanges (RFC 9370 §2.2.4), in the order of
    /// <see cref="TryDeriveChildSaKeys(IPrf, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ChildSaKeyLengths, out ChildSaKeys?, out CryptoError)"/>.
    /// </summary>
    public static bool TryDeriveChildSaKeys(IPrf prf, ReadOnlySpan<byte> skD, ReadOnlySpan<SecretBytes> sharedSecrets,
        ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, ChildSaKeyLengths lengths, out ChildSaKeys? keys, out CryptoError error) =>
        TryDeriveChildSaKeys(prf, skD, [], sharedSecrets, ni, nr, lengths, out keys, out error);

    private static bool TryDeriveChildSaKeys(IPrf prf, ReadOnlySpan<byte> skD, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<SecretBytes> moreSecrets, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, ChildSaKeyLengths lengths,
        out ChildSaKeys? keys, out CryptoError error)
    {
        keys = null;
        if (!lengths.IsValid || 2 * lengths.PerDirection > ScratchBuffer.MaxLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"invalid Child SA key lengths {lengths}");
            return false;
        }

        int perDirection = (int)lengths.PerDirection;
        using var keyMaterial = new ScratchBuffer(2 * perDirection, stackalloc byte[256]);
        if (!TryExpandChildKeyMaterial(prf, skD, sharedSecret, moreSecrets, ni, nr, keyMaterial.Span, out error))
        {
            return false;
        }

        keys = new ChildSaKeys(keyMaterial.Span[..perDirection], keyMaterial.Span[perDirection..], lengths);
        return true;
    }

    private static bool TryExpandChildKeyMaterial(IPrf prf, ReadOnlySpan<byte> skD, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<SecretBytes> moreSecrets, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, Span<byte> keyMaterial, out CryptoError error)
    {
        if (!TrySecretsLength(sharedSecret, moreSecrets, out long secretsLength, out error)
            || !KdfLength.TrySum(out int seedLength, out error, secretsLength, ni.Length, nr.Length))
        {
            return false;
        }

        using var scratch = new ScratchBuffer(seedLength, stackalloc byte[512]);
        var seed = new SpanCursor(scratch.Span);
        AppendSecrets(ref seed, sharedSecret, moreSecrets);
        seed.Append(ni);
        seed.Append(nr);
        return PrfPlus.TryExpand(prf, skD, seed.Written, keyMaterial, out error);
    }

    private static bool TryComputeSkDKeyedSkeyseed(IPrf prf, ReadOnlySpan<byte> skD, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<SecretBytes> moreSecrets, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, out SecretBytes? skeyseed, out CryptoError error)
    {
        skeyseed = null;
        if (!KdfLength.CheckPrf(prf, out error))
        {
            return false;
        }

        if (!TrySecretsLength(sharedSecret, moreSecrets, out long secretsLength, out error)
            || !KdfLength.TrySum(out int dataLength, out error, secretsLength, ni.Length, nr.Length))
        {
            return false;
        }

        using var scratch = new ScratchBuffer(dataLength, stackalloc byte[512]);
        var data = new SpanCursor(scratch.Span);
        AppendSecrets(ref data, sharedSecret, moreSecrets);
        data.Append(ni);
        data.Append(nr);
        skeyseed = new SecretBytes(prf.OutputLength);
        prf.Compute(skD, data.Written, skeyseed.Span);
        return true;
    }

    private static bool TrySecretsLength(ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<SecretBytes> moreSecrets, out long length, out CryptoError error)
    {
        length = sharedSecret.Length;
        foreach (SecretBytes secret in moreSecrets)
        {
            if (secret is null)
            {
                error = new CryptoError(CryptoErrorKind.InvalidLength, "a key exchange's shared secret is missing");
                return false;
            }

            length += secret.Length;
        }

        error = default;
        return true;
    }

    private static void AppendSecrets(ref SpanCursor buffer, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<SecretBytes> moreSecrets)
    {
        buffer.Append(sharedSecret);
        foreach (SecretBytes secret in moreSecrets)
        {
            buffer.Append(secret.ReadOnlySpan);
        }
    }
}
