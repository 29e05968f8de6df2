namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>
/// Wraps a real PRF and records how it was called (how many blocks, which key last), so that tests can check
/// key selection and block counts while every output still comes from the wrapped PRF.
/// </summary>
internal sealed class RecordingPrf(IPrf inner) : IPrf
{
    public PrfAlgorithm Algorithm => inner.Algorithm;

    public int OutputLength => inner.OutputLength;

    public int KeyLength => inner.KeyLength;

    /// <summary>How many times Compute ran.</summary>
    public int Calls { get; private set; }

    /// <summary>The key of the last Compute call.</summary>
    public byte[] LastKey { get; private set; } = [];

    public void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> output)
    {
        Calls++;
        LastKey = key.ToArray();
        inner.Compute(key, data, output);
    }

    public void Dispose() => inner.Dispose();
}
