namespace DotSwan.Crypto;

/// <summary>
/// A pseudo-random function as IKE uses it: prf(key, data). Stateless towards keys, because IKE keys it with
/// a different key at every step (SKEYSEED, prf+, AUTH). Implementations are not thread-safe; make one per SA and thread.
/// </summary>
public interface IPrf : IDisposable
{
    /// <summary>The IANA PRF id.</summary>
    PrfAlgorithm Algorithm { get; }

    /// <summary>Output length in bytes.</summary>
    int OutputLength { get; }

    /// <summary>The preferred key length in bytes (the length of SK_d, SK_pi and SK_pr).</summary>
    int KeyLength { get; }

    /// <summary>
    /// Computes prf(<paramref name="key"/>, <paramref name="data"/>) into <paramref name="output"/>
    /// (which must hold <see cref="OutputLength"/> bytes). Keys of any length are accepted, as RFC 4434 and 4615 define for AES-based PRFs.
    /// </summary>
    void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> output);
}
