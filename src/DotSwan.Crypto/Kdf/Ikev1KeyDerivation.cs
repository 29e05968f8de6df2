using System.Buffers.Binary;

namespace DotSwan.Crypto.Kdf;

/// <summary>
/// IKEv1 key derivation (RFC 2409 §5, §5.5, Appendix B): SKEYID for the three authentication families, SKEYID_d/a/e,
/// the ISAKMP SA encryption key and Quick Mode KEYMAT. "_b" values are payload bodies without generic headers.
/// Pure functions; sizes from the wire never cause an exception.
/// </summary>
public static class Ikev1KeyDerivation
{
    /// <summary>Cap on the IKEv1 expansions (Appendix B and KEYMAT have no counter, so no natural limit).</summary>
    public const int MaxBlocks = 255;

    private const int CookieLength = sizeof(ulong);

    /// <summary>Pre-shared key authentication: SKEYID = prf(pre-shared-key, Ni_b | Nr_b).</summary>
    public static bool TryComputeSkeyidPreSharedKey(IPrf prf, ReadOnlySpan<byte> preSharedKey, ReadOnlySpan<byte> niB, ReadOnlySpan<byte> nrB,
        out SecretBytes? skeyid, out CryptoError error)
    {
        skeyid = null;
        if (!KdfLength.CheckPrf(prf, out error) || !KdfLength.TrySum(out int length, out error, niB.Length, nrB.Length))
        {
            return false;
        }

        using var scratch = new ScratchBuffer(length, stackalloc byte[512]);
        var nonces = new SpanCursor(scratch.Span);
        nonces.Append(niB);
        nonces.Append(nrB);
        skeyid = new SecretBytes(prf.OutputLength);
        prf.Compute(preSharedKey, nonces.Written, skeyid.Span);
        return true;
    }

    /// <summary>Signature authentication (DSS, RSA, ECDSA): SKEYID = prf(Ni_b | Nr_b, g^xy).</summary>
    public static bool TryComputeSkeyidSignature(IPrf prf, ReadOnlySpan<byte> niB, ReadOnlySpan<byte> nrB, ReadOnlySpan<byte> sharedSecret,
        out SecretBytes? skeyid, out CryptoError error)
    {
        skeyid = null;
        if (!KdfLength.CheckPrf(prf, out error) || !KdfLength.TrySum(out int length, out error, niB.Length, nrB.Length))
        {
            return false;
        }

        using var scratch = new ScratchBuffer(length, stackalloc byte[512]);
        var key = new SpanCursor(scratch.Span);
        key.Append(niB);
        key.Append(nrB);
        skeyid = new SecretBytes(prf.OutputLength);
        prf.Compute(key.Written, sharedSecret, skeyid.Span);
        return true;
    }

    /// <summary>Public key encryption (both the original and the revised mode): SKEYID = prf(hash(Ni_b | Nr_b), CKY-I | CKY-R).</summary>
    public static bool TryComputeSkeyidPublicKeyEncryption(IPrf prf, Ikev1HashFunction hash, ReadOnlySpan<byte> niB, ReadOnlySpan<byte> nrB,
        ulong cookieI, ulong cookieR, out SecretBytes? skeyid, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(hash);
        skeyid = null;
        if (!KdfLength.CheckPrf(prf, out error) || !KdfLength.TrySum(out int length, out error, niB.Length, nrB.Length, hash.Length))
        {
            return false;
        }

        using var scratch = new ScratchBuffer(length, stackalloc byte[512]);
        Span<byte> key = scratch.Span[..hash.Length];
        var nonces = new SpanCursor(scratch.Span[hash.Length..]);
        nonces.Append(niB);
        nonces.Append(nrB);
        hash.Compute(nonces.Written, key);

        Span<byte> cookies = stackalloc byte[2 * CookieLength];
        BinaryPrimitives.WriteUInt64BigEndian(cookies, cookieI);
        BinaryPrimitives.WriteUInt64BigEndian(cookies[CookieLength..], cookieR);
        skeyid = new SecretBytes(prf.OutputLength);
        prf.Compute(key, cookies, skeyid.Span);
        return true;
    }

    /// <summary>
    /// SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0), SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1),
    /// SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2). The result holds a copy of <paramref name="skeyid"/>.
    /// </summary>
    public static bool TryDeriveKeys(IPrf prf, ReadOnlySpan<byte> skeyid, ReadOnlySpan<byte> sharedSecret, ulong cookieI, ulong cookieR,
        out Ikev1Keys? keys, out CryptoError error)
    {
        keys = null;
        if (!KdfLength.CheckPrf(prf, out error))
        {
            return false;
        }

        int blockLength = prf.OutputLength;
        if (!KdfLength.TrySum(out int length, out error, blockLength, sharedSecret.Length, 2 * CookieLength, 1))
        {
            return false;
        }

        // Layout: [ previous key | g^xy | CKY-I | CKY-R | n ]; SKEYID_d's input starts after the previous-key slot.
        using var scratch = new ScratchBuffer(length, stackalloc byte[512]);
        Span<byte> input = scratch.Span;
        sharedSecret.CopyTo(input[blockLength..]);
        BinaryPrimitives.WriteUInt64BigEndian(input[(blockLength + sharedSecret.Length)..], cookieI);
        BinaryPrimitives.WriteUInt64BigEndian(input[(blockLength + sharedSecret.Length + CookieLength)..], cookieR);

        var d = new SecretBytes(blockLength);
        var a = new SecretBytes(blockLength);
        var e = new SecretBytes(blockLength);
        input[^1] = 0;
        prf.Compute(skeyid, input[blockLength..], d.Span);
        d.ReadOnlySpan.CopyTo(input);
        input[^1] = 1;
        prf.Compute(skeyid, input, a.Span);
        a.ReadOnlySpan.CopyTo(input);
        input[^1] = 2;
        prf.Compute(skeyid, input, e.Span);
        keys = new Ikev1Keys(SecretBytes.CopyOf(skeyid), d, a, e);
        return true;
    }

    /// <summary>
    /// The ISAKMP SA encryption key (RFC 2409 Appendix B): the leading bytes of SKEYID_e when it is long enough, else
    /// the leading bytes of Ka = K1 | K2 | … with K1 = prf(SKEYID_e, 0) and Kn = prf(SKEYID_e, Kn-1).
    /// </summary>
    public static bool TryComputeEncryptionKey(IPrf prf, ReadOnlySpan<byte> skeyidE, Span<byte> key, out CryptoError error)
    {
        if (!KdfLength.CheckPrf(prf, out error))
        {
            return false;
        }

        if (key.Length <= skeyidE.Length)
        {
            skeyidE[..key.Length].CopyTo(key);
            return true;
        }

        // "0" is a single zero octet, as deployed implementations (and the RFC's one-octet numbers elsewhere) read it.
        return TryExpandChained(prf, skeyidE, [0], key, seedAfterPrevious: false, out error);
    }

    /// <summary>
    /// Quick Mode KEYMAT for one SA (RFC 2409 §5.5): K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b),
    /// Kn = prf(SKEYID_d, Kn-1 | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b), KEYMAT = K1 | K2 | ….
    /// <paramref name="spi"/> is the SPI of the SA's receiver; pass an empty <paramref name="sharedSecret"/> without PFS.
    /// </summary>
    public static bool TryExpandQuickModeKeyMaterial(IPrf prf, ReadOnlySpan<byte> skeyidD, ReadOnlySpan<byte> sharedSecret, byte protocol,
        uint spi, ReadOnlySpan<byte> niB, ReadOnlySpan<byte> nrB, Span<byte> keyMaterial, out CryptoError error)
    {
        if (!KdfLength.TrySum(out int seedLength, out error, sharedSecret.Length, 1, sizeof(uint), niB.Length, nrB.Length))
        {
            return false;
        }

        using var scratch = new ScratchBuffer(seedLength, stackalloc byte[512]);
        var seed = new SpanCursor(scratch.Span);
        seed.Append(sharedSecret);
        seed.Append(protocol);
        Span<byte> spiBytes = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(spiBytes, spi);
        seed.Append(spiBytes);
        seed.Append(niB);
        seed.Append(nrB);
        return TryExpandChained(prf, skeyidD, seed.Written, keyMaterial, seedAfterPrevious: true, out error);
    }

    /// <summary>
    /// The keys of a Quick Mode SA pair: the initiator→responder SA is keyed with the responder's SPI, the reverse SA with
    /// the initiator's; each KEYMAT gives the encryption key first, then the integrity key.
    /// </summary>
    /// <param name="prf">The ISAKMP SA's PRF.</param>
    /// <param name="skeyidD">SKEYID_d.</param>
    /// <param name="sharedSecret">g(qm)^xy with PFS, else empty.</param>
    /// <param name="protocol">IPsec protocol id from the proposal (ESP 3, AH 2).</param>
    /// <param name="initiatorSpi">The SPI the initiator chose (it receives on it).</param>
    /// <param name="responderSpi">The SPI the responder chose (it receives on it).</param>
    /// <param name="niB">Initiator's Quick Mode nonce body.</param>
    /// <param name="nrB">Responder's Quick Mode nonce body.</param>
    /// <param name="lengths">Key lengths of the SA.</param>
    /// <param name="keys">The derived keys.</param>
    /// <param name="error">Why it failed.</param>
    public static bool TryDeriveQuickModeKeys(IPrf prf, ReadOnlySpan<byte> skeyidD, ReadOnlySpan<byte> sharedSecret, byte protocol,
        uint initiatorSpi, uint responderSpi, ReadOnlySpan<byte> niB, ReadOnlySpan<byte> nrB, ChildSaKeyLengths lengths,
        out ChildSaKeys? keys, out CryptoError error)
    {
        keys = null;
        if (!lengths.IsValid || lengths.PerDirection > ScratchBuffer.MaxLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"invalid Quick Mode key lengths {lengths}");
            return false;
        }

        int perDirection = (int)lengths.PerDirection;
        using var initiatorScratch = new ScratchBuffer(perDirection, stackalloc byte[128]);
        using var responderScratch = new ScratchBuffer(perDirection, stackalloc byte[128]);
        if (!TryExpandQuickModeKeyMaterial(prf, skeyidD, sharedSecret, protocol, responderSpi, niB, nrB, initiatorScratch.Span, out error)
            || !TryExpandQuickModeKeyMaterial(prf, skeyidD, sharedSecret, protocol, initiatorSpi, niB, nrB, responderScratch.Span, out error))
        {
            return false;
        }

        keys = new ChildSaKeys(initiatorScratch.Span, responderScratch.Span, lengths);
        return true;
    }

    /// <summary>K1 = prf(key, seed), Kn = prf(key, Kn-1 | seed) (KEYMAT) or prf(key, Kn-1) (Appendix B).</summary>
    private static bool TryExpandChained(IPrf prf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> seed, Span<byte> output,
        bool seedAfterPrevious, out CryptoError error)
    {
        if (!KdfLength.CheckPrf(prf, out error))
        {
            return false;
        }

        if (output.Overlaps(key) || output.Overlaps(seed))
        {
            throw new ArgumentException("The output must not overlap the key or seed.", nameof(output));
        }

        int blockLength = prf.OutputLength;
        long blocks = ((long)output.Length + blockLength - 1) / blockLength;
        if (blocks > MaxBlocks)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"{output.Length} bytes need {blocks} blocks; at most {MaxBlocks} are allowed");
            return false;
        }

        if (!KdfLength.TrySum(out int length, out error, blockLength, seed.Length, blockLength))
        {
            return false;
        }

        // Layout: [ K(n-1) | seed ] followed by the new block.
        using var scratch = new ScratchBuffer(length, stackalloc byte[512]);
        Span<byte> input = scratch.Span[..(blockLength + seed.Length)];
        Span<byte> block = scratch.Span.Slice(blockLength + seed.Length, blockLength);
        seed.CopyTo(input[blockLength..]);

        int written = 0;
        for (int n = 1; written < output.Length; n++)
        {
            ReadOnlySpan<byte> data = n == 1 ? input[blockLength..] : seedAfterPrevious ? input : input[..blockLength];
            prf.Compute(key, data, block);
            int take = Math.Min(blockLength, output.Length - written);
            block[..take].CopyTo(output[written..]);
            written += take;
            block.CopyTo(input);
        }

        return true;
    }
}
