using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using DotSwan.Ipsec.Backends.Tun;

namespace DotSwan.Ipsec.Benchmarks;

/// <summary>
/// The userspace halves of the TUN offloads on one 64 KB TCP/IPv4 super-segment (48 segments of 1348 payload bytes plus a
/// short one, as TSO hands them over at MTU 1400 with timestamps): <see cref="Segment"/> splits it with headers and
/// checksums; <see cref="Coalesce"/> joins the 49 segments back into one GSO write; <see cref="Checksum64K"/> and <see cref="Checksum1380"/> are
/// the Internet checksum over 64 KB and over one segment alone. Target: 0 bytes allocated.
/// </summary>
[MemoryDiagnoser]
public class OffloadBenchmarks
{
    private const int GsoSize = 1348;
    private readonly byte[] _super = new byte[65000];
    private readonly byte[] _output = new byte[4 * 65536 + 128 * 256];
    private readonly int[] _offsets = new int[128];
    private readonly int[] _lengths = new int[128];
    private readonly TcpCoalescer _coalescer = new();
    private int _count;

    /// <summary>Builds the super-segment and splits it once for <see cref="Coalesce"/>.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(_super);
        _super[0] = 0x45;
        _super[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(_super.AsSpan(2), (ushort)_super.Length);
        _super[6] = 0x40;
        _super[7] = 0;
        _super[9] = 6;
        _super[32] = 0x80; // TCP data offset 32
        _super[33] = 0x10; // ACK
        if (Segment() < 2)
        {
            throw new InvalidOperationException("setup segmentation failed");
        }
    }

    /// <summary>Splits the super-segment (128 bytes of headroom and tailroom per segment, as the data plane reserves).</summary>
    [Benchmark]
    public int Segment()
    {
        int used = 0;
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, VirtioNetHeader.GsoTcpV4, 52, GsoSize, 20, 16);
        GsoSegmenter.Segment(_super, header, _output, ref used, 128, 128, _offsets, _lengths, out _count);
        return _count;
    }

    /// <summary>Joins the segments into one packet with its virtio-net header.</summary>
    [Benchmark]
    public int Coalesce()
    {
        _coalescer.TryStart(_output.AsSpan(_offsets[0], _lengths[0]));
        for (int i = 1; i < _count; i++)
        {
            _coalescer.TryAppend(_output.AsSpan(_offsets[i], _lengths[i]));
        }

        return _coalescer.Complete().Length;
    }

    /// <summary>The Internet checksum over the 64 KB.</summary>
    [Benchmark]
    public ushort Checksum64K() => InternetChecksum.Fold(InternetChecksum.Add(_super, 0));

    /// <summary>The Internet checksum over one segment's TCP header and payload (1380 bytes, starting 20 bytes in).</summary>
    [Benchmark]
    public ushort Checksum1380() => InternetChecksum.Fold(InternetChecksum.Add(_super.AsSpan(20, 1380), 0));
}
