using System.Runtime.CompilerServices;

namespace DotSwan.Ipsec.Replay;

/// <summary>
/// The receiver's anti-replay window of RFC 4303 §3.4.3 and Appendix A: a bitmap of the last <see cref="Size"/> sequence
/// numbers below and including the highest authenticated one (T). With extended sequence numbers the high 32 bits of a
/// received number are inferred from the window (Appendix A2.2); the ICV, computed over the inferred high bits, confirms
/// the guess. The bitmap is a ring of 64-bit words allocated once: no allocation per packet.
/// Use: <see cref="Check"/> before verifying the ICV, <see cref="Update"/> only after it verified.
/// Not thread-safe: an SA is processed by one worker at a time.
/// </summary>
public sealed class ReplayWindow
{
    /// <summary>The default window size (RFC 4303 §3.4.3: a window of 32 MUST be supported, 64 is the recommended default).</summary>
    public const int DefaultSize = 64;

    /// <summary>The largest window size accepted.</summary>
    public const int MaxSize = 4096;

    private readonly ulong[] _bitmap;
    private readonly int _bitCount;

    /// <summary>Creates an empty window of <paramref name="size"/> packets (1 to <see cref="MaxSize"/>).</summary>
    public ReplayWindow(int size = DefaultSize, bool extendedSequenceNumbers = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxSize);
        Size = size;
        ExtendedSequenceNumbers = extendedSequenceNumbers;
        _bitmap = new ulong[(size + 63) / 64];
        _bitCount = _bitmap.Length * 64;
    }

    /// <summary>How many sequence numbers (ending at <see cref="Highest"/>) the window remembers.</summary>
    public int Size { get; }

    /// <summary>Whether sequence numbers are 64 bits of which 32 travel in the packet (RFC 4304).</summary>
    public bool ExtendedSequenceNumbers { get; }

    /// <summary>The highest authenticated sequence number so far (T in RFC 4303); 0 before the first packet.</summary>
    public ulong Highest { get; private set; }

    /// <summary>
    /// Checks the 32 low-order bits <paramref name="sequenceLow"/> carried in a packet against the window and gives the
    /// full sequence number to authenticate (with ESN, the inferred high bits ‖ the low bits; otherwise the low bits).
    /// </summary>
    public ReplayCheckResult Check(uint sequenceLow, out ulong sequence)
    {
        if (!ExtendedSequenceNumbers)
        {
            sequence = sequenceLow;
        }
        else if (!TryInferSequence(sequenceLow, out sequence))
        {
            return ReplayCheckResult.TooOld;
        }

        if (sequence == 0)
        {
            // The first packet of an SA has sequence number 1; 0 is never sent (RFC 4303 §3.3.3).
            return ReplayCheckResult.TooOld;
        }

        if (sequence > Highest)
        {
            return ReplayCheckResult.Ok;
        }

        if (Highest - sequence >= (ulong)Size)
        {
            return ReplayCheckResult.TooOld;
        }

        return IsMarked(sequence) ? ReplayCheckResult.Duplicate : ReplayCheckResult.Ok;
    }

    /// <summary>
    /// Records an authenticated sequence number: marks it, and when it is right of the window slides the window so that
    /// it becomes <see cref="Highest"/>. Call only after the ICV verified and <see cref="Check"/> said <see cref="ReplayCheckResult.Ok"/>.
    /// </summary>
    public void Update(ulong sequence)
    {
        if (sequence > Highest)
        {
            ulong advance = sequence - Highest;
            if (advance >= (ulong)_bitCount)
            {
                Array.Clear(_bitmap);
            }
            else
            {
                ClearRange(Highest + 1, (int)advance);
            }

            Highest = sequence;
        }
        else if (Highest - sequence >= (ulong)Size)
        {
            return;
        }

        _bitmap[WordIndex(sequence)] |= Bit(sequence);
    }

    /// <summary>Whether <paramref name="sequence"/> is inside the window and marked as received.</summary>
    public bool IsMarked(ulong sequence)
        => sequence <= Highest && Highest - sequence < (ulong)Size && (_bitmap[WordIndex(sequence)] & Bit(sequence)) != 0;

    // RFC 4303 Appendix A2.2: Tl, Th are the low and high halves of T; W the window size.
    private bool TryInferSequence(uint sequenceLow, out ulong sequence)
    {
        uint tl = (uint)Highest;
        uint th = (uint)(Highest >> 32);
        uint w = (uint)Size;
        uint bottom = unchecked(tl - w + 1);
        uint high;
        if (tl >= w - 1)
        {
            // Case A: the window lies within one 2^32 subspace.
            high = sequenceLow >= bottom ? th : th + 1;
            if (sequenceLow < bottom && th == uint.MaxValue)
            {
                sequence = 0;
                return false;
            }
        }
        else if (sequenceLow >= bottom)
        {
            // Case B, and the number falls in the part of the window left of the 2^32 boundary.
            if (th == 0)
            {
                sequence = 0;
                return false;
            }

            high = th - 1;
        }
        else
        {
            high = th;
        }

        sequence = ((ulong)high << 32) | sequenceLow;
        return true;
    }

    private void ClearRange(ulong first, int count)
    {
        // Clears bits first .. first + count - 1 of the ring, a word at a time where it can.
        while (count > 0)
        {
            int bit = (int)(first % (ulong)_bitCount);
            int inWord = bit & 63;
            int take = Math.Min(64 - inWord, count);
            ulong mask = take == 64 ? ulong.MaxValue : ((1UL << take) - 1) << inWord;
            _bitmap[bit >> 6] &= ~mask;
            first += (ulong)take;
            count -= take;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int WordIndex(ulong sequence) => (int)(sequence % (ulong)_bitCount) >> 6;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bit(ulong sequence) => 1UL << (int)(sequence & 63);
}
