using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DotSwan.Crypto.Kdf;

/// <summary>
/// The IKEv1 HASH payload values (RFC 2409 §5, §5.5, §5.7): HASH_I and HASH_R of Main/Aggressive Mode, HASH(1)–HASH(3)
/// of Quick Mode and the informational HASH. Each writes <see cref="IPrf.OutputLength"/> bytes.
/// </summary>
public static class Ikev1Hashes
{
    /// <summary>HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b).</summary>
    public static bool TryComputeHashI(IPrf prf, ReadOnlySpan<byte> skeyid, ReadOnlySpan<byte> gxi, ReadOnlySpan<byte> gxr,
        ulong cookieI, ulong cookieR, ReadOnlySpan<byte> saiB, ReadOnlySpan<byte> idiiB, Span<byte> hash, out CryptoError error) =>
        TryComputePhase1Hash(prf, skeyid, gxi, gxr, cookieI, cookieR, saiB, idiiB, hash, out error);

    /// <summary>HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b). SAi_b is the initiator's SA body in both.</summary>
    public static bool TryComputeHashR(IPrf prf, ReadOnlySpan<byte> skeyid, ReadOnlySpan<byte> gxi, ReadOnlySpan<byte> gxr,
        ulong cookieI, ulong cookieR, ReadOnlySpan<byte> saiB, ReadOnlySpan<byte> idirB, Span<byte> hash, out CryptoError error) =>
        TryComputePhase1Hash(prf, skeyid, gxr, gxi, cookieR, cookieI, saiB, idirB, hash, out error);

    /// <summary>Quick Mode HASH(1) = prf(SKEYID_a, M-ID | the message after the HASH payload).</summary>
    public static bool TryComputeQuickModeHash1(IPrf prf, ReadOnlySpan<byte> skeyidA, uint messageId, ReadOnlySpan<byte> restOfMessage,
        Span<byte> hash, out CryptoError error) =>
        TryCompute(prf, skeyidA, -1, messageId, [], [], restOfMessage, hash, out error);

    /// <summary>Quick Mode HASH(2) = prf(SKEYID_a, M-ID | Ni_b | the message after the HASH payload).</summary>
    public static bool TryComputeQuickModeHash2(IPrf prf, ReadOnlySpan<byte> skeyidA, uint messageId, ReadOnlySpan<byte> niB,
        ReadOnlySpan<byte> restOfMessage, Span<byte> hash, out CryptoError error) =>
        TryCompute(prf, skeyidA, -1, messageId, niB, [], restOfMessage, hash, out error);

    /// <summary>Quick Mode HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b), the leading 0 a single octet.</summary>
    public static bool TryComputeQuickModeHash3(IPrf prf, ReadOnlySpan<byte> skeyidA, uint messageId, ReadOnlySpan<byte> niB,
        ReadOnlySpan<byte> nrB, Span<byte> hash, out CryptoError error) =>
        TryCompute(prf, skeyidA, 0, messageId, niB, nrB, [], hash, out error);

    /// <summary>Informational HASH(1) = prf(SKEYID_a, M-ID | N/D), the Notification or Delete payload(s) after the HASH payload.</summary>
    public static bool TryComputeInformationalHash(IPrf prf, ReadOnlySpan<byte> skeyidA, uint messageId, ReadOnlySpan<byte> restOfMessage,
        Span<byte> hash, out CryptoError error) =>
        TryCompute(prf, skeyidA, -1, messageId, [], [], restOfMessage, hash, out error);

    /// <summary>Compares a computed hash with a received HASH payload in constant time; a wrong length never matches.</summary>
    public static bool Matches(ReadOnlySpan<byte> computed, ReadOnlySpan<byte> received) =>
        CryptographicOperations.FixedTimeEquals(computed, received);

    private static bool TryComputePhase1Hash(IPrf prf, ReadOnlySpan<byte> skeyid, ReadOnlySpan<byte> gxFirst, ReadOnlySpan<byte> gxSecond,
        ulong cookieFirst, ulong cookieSecond, ReadOnlySpan<byte> saiB, ReadOnlySpan<byte> idB, Span<byte> hash, out CryptoError error)
    {
        if (!CheckOutput(prf, hash, out error)
            || !KdfLength.TrySum(out int length, out error, gxFirst.Length, gxSecond.Length, 2 * sizeof(ulong), saiB.Length, idB.Length))
        {
            return false;
        }

        using var scratch = new ScratchBuffer(length, stackalloc byte[1024]);
        var data = new SpanCursor(scratch.Span);
        data.Append(gxFirst);
        data.Append(gxSecond);
        Span<byte> cookies = stackalloc byte[2 * sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(cookies, cookieFirst);
        BinaryPrimitives.WriteUInt64BigEndian(cookies[sizeof(ulong)..], cookieSecond);
        data.Append(cookies);
        data.Append(saiB);
        data.Append(idB);
        prf.Compute(skeyid, data.Written, hash[..prf.OutputLength]);
        return true;
    }

    /// <summary>prf(key, [prefix octet |] M-ID | a | b | rest); <paramref name="prefix"/> &lt; 0 means no prefix octet.</summary>
    private static bool TryCompute(IPrf prf, ReadOnlySpan<byte> key, int prefix, uint messageId, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b,
        ReadOnlySpan<byte> rest, Span<byte> hash, out CryptoError error)
    {
        if (!CheckOutput(prf, hash, out error)
            || !KdfLength.TrySum(out int length, out error, prefix < 0 ? 0 : 1, sizeof(uint), a.Length, b.Length, rest.Length))
        {
            return false;
        }

        using var scratch = new ScratchBuffer(length, stackalloc byte[512]);
        var data = new SpanCursor(scratch.Span);
        if (prefix >= 0)
        {
            data.Append((byte)prefix);
        }

        Span<byte> id = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(id, messageId);
        data.Append(id);
        data.Append(a);
        data.Append(b);
        data.Append(rest);
        prf.Compute(key, data.Written, hash[..prf.OutputLength]);
        return true;
    }

    private static bool CheckOutput(IPrf prf, Span<byte> hash, out CryptoError error)
    {
        if (!KdfLength.CheckPrf(prf, out error))
        {
            return false;
        }

        if (hash.Length < prf.OutputLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"HASH needs {prf.OutputLength} bytes, destination has {hash.Length}");
            return false;
        }

        return true;
    }
}
