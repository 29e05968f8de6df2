using DotSwan.Ipsec.Backends.Tun;
using static DotSwan.Ipsec.Tests.Tun.Offload.OffloadPackets;

namespace DotSwan.Ipsec.Tests.Tun.Offload;

/// <summary>Splitting super-segments and joining segments allocate nothing per packet (a count of bytes, not a timing).</summary>
public sealed class OffloadAllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Segmenting_and_coalescing_allocate_nothing(bool ipv6)
    {
        int ipHeader = ipv6 ? 40 : 20;
        byte[] super = Tcp(ipv6, 1, 2, Ack | Psh, Payload(60_000));
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, ipv6 ? VirtioNetHeader.GsoTcpV6 : VirtioNetHeader.GsoTcpV4,
            (ushort)(ipHeader + 32), 1348, (ushort)ipHeader, 16);
        var output = new byte[200_000];
        var offsets = new int[128];
        var lengths = new int[128];
        var coalescer = new TcpCoalescer();
        int segments = 0;
        for (int i = 0; i < 20; i++)
        {
            segments += RoundTrip(super, header, output, offsets, lengths, coalescer);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            segments += RoundTrip(super, header, output, offsets, lengths, coalescer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(220 * 45, segments);
    }

    private static int RoundTrip(byte[] super, VirtioNetHeader header, byte[] output, int[] offsets, int[] lengths, TcpCoalescer coalescer)
    {
        int used = 0;
        if (GsoSegmenter.Segment(super, header, output, ref used, 128, 128, offsets, lengths, out int count) != GsoStatus.Ok
            || !coalescer.TryStart(output.AsSpan(offsets[0], lengths[0])))
        {
            Assert.Fail("segmenting failed");
        }

        for (int i = 1; i < count; i++)
        {
            if (!coalescer.TryAppend(output.AsSpan(offsets[i], lengths[i])))
            {
                Assert.Fail($"segment {i} not joined");
            }
        }

        coalescer.Complete();
        return count;
    }
}
