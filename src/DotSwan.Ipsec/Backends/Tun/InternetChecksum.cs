using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>
/// The Internet checksum (RFC 1071): the ones'-complement sum of 16-bit big-endian words. Sums are kept unfolded in a
/// 64-bit accumulator so pieces (pseudo-header, header, payload) can be added up before one <see cref="Fold"/>; every
/// piece but the last must have an even length.
/// </summary>
internal static class InternetChecksum
{
    /// <summary>Adds the 16-bit big-endian words of <paramref name="data"/> (a trailing odd byte padded with zero) to <paramref name="sum"/>.</summary>
    public static ulong Add(ReadOnlySpan<byte> data, ulong sum)
    {
        // Native-order words, 8 bytes at a time: the ones'-complement sum is byte-order independent (RFC 1071 §2 B), so
        // one swap at the end turns the native sum into the big-endian one.
        ref byte start = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int i = 0;
        ulong native = 0;
        if (Vector256.IsHardwareAccelerated && length >= 64)
        {
            // 32 bytes at a time: sixteen native 16-bit words widened into 32-bit lanes, which cannot overflow within a
            // block of 32768 iterations (each adds at most 0xffff per lane).
            var low = Vector256<uint>.Zero;
            var high = Vector256<uint>.Zero;
            int block = 0;
            for (; i + 32 <= length; i += 32)
            {
                var (first, second) = Vector256.Widen(Vector256.LoadUnsafe(ref Unsafe.Add(ref start, i)).AsUInt16());
                low += first;
                high += second;
                if (++block == 32768)
                {
                    native += SumLanes(low) + SumLanes(high);
                    low = Vector256<uint>.Zero;
                    high = Vector256<uint>.Zero;
                    block = 0;
                }
            }

            native += SumLanes(low) + SumLanes(high);
        }

        for (; i + 8 <= length; i += 8)
        {
            ulong value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i));
            native += (uint)value;
            native += value >> 32;
        }

        if (i + 4 <= length)
        {
            native += Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, i));
            i += 4;
        }

        if (i + 2 <= length)
        {
            native += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref start, i));
            i += 2;
        }

        if (i < length)
        {
            // The odd byte is the high half of a big-endian word: padded with a zero byte behind it.
            native += BitConverter.IsLittleEndian ? Unsafe.Add(ref start, i) : (uint)Unsafe.Add(ref start, i) << 8;
        }

        ushort folded = FoldNative(native);
        return sum + (BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(folded) : folded);
    }

    /// <summary>Adds one 16-bit word.</summary>
    public static ulong Add(ushort word, ulong sum) => sum + word;

    /// <summary>
    /// The pseudo-header sum of a TCP or UDP packet (RFC 793 §3.1, RFC 8200 §8.1): source and destination address of the
    /// IP header at the start of <paramref name="ipPacket"/>, protocol and transport length.
    /// </summary>
    public static ulong PseudoHeader(ReadOnlySpan<byte> ipPacket, bool ipv6, byte protocol, int transportLength)
    {
        var addresses = ipv6 ? ipPacket.Slice(8, 32) : ipPacket.Slice(12, 8);
        return Add(addresses, (ulong)protocol + (uint)(transportLength >> 16) + (ushort)transportLength);
    }

    /// <summary>Folds a sum to 16 bits (end-around carries), not complemented.</summary>
    public static ushort Fold(ulong sum) => FoldNative(sum);

    /// <summary>The checksum field's value: the complement of the folded sum.</summary>
    public static ushort Complement(ulong sum) => (ushort)~FoldNative(sum);

    private static ulong SumLanes(Vector256<uint> lanes)
    {
        var (first, second) = Vector256.Widen(lanes);
        return Vector256.Sum(first + second);
    }

    private static ushort FoldNative(ulong sum)
    {
        sum = (sum & 0xffffffff) + (sum >> 32);
        sum = (sum & 0xffffffff) + (sum >> 32);
        sum = (sum & 0xffff) + (sum >> 16);
        sum = (sum & 0xffff) + (sum >> 16);
        sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)sum;
    }
}
