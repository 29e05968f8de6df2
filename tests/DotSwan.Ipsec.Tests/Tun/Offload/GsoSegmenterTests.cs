using System.Buffers.Binary;
using DotSwan.Ipsec.Backends.Tun;
using static DotSwan.Ipsec.Tests.Tun.Offload.OffloadPackets;

namespace DotSwan.Ipsec.Tests.Tun.Offload;

public sealed class GsoSegmenterTests
{
    private const int Headroom = 64;
    private const int Tailroom = 32;

    [Theory]
    [InlineData(false, 3500, 1000)] // last segment short
    [InlineData(false, 3000, 1000)] // exact multiple
    [InlineData(true, 3500, 1000)]
    [InlineData(true, 1000, 1000)] // one segment
    [InlineData(false, 64000, 1348)]
    public void Tcp_super_segment_becomes_mss_sized_packets_with_fixed_headers_and_valid_checksums(bool ipv6, int payloadLength, int gsoSize)
    {
        byte[] payload = Payload(payloadLength);
        const uint sequence = 0xfffff000; // wraps inside the run
        byte[] super = Tcp(ipv6, sequence, 777, Ack | Psh | Fin | Cwr, payload);
        int ipHeader = ipv6 ? 40 : 20;
        MakePartial(super, 6, 16);
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, ipv6 ? VirtioNetHeader.GsoTcpV6 : VirtioNetHeader.GsoTcpV4,
            (ushort)(ipHeader + 32), (ushort)gsoSize, (ushort)ipHeader, 16);

        var segments = Split(super, header);

        int expected = (payloadLength + gsoSize - 1) / gsoSize;
        Assert.Equal(expected, segments.Count);
        var joined = new List<byte>();
        for (int i = 0; i < segments.Count; i++)
        {
            byte[] segment = segments[i];
            int dataLength = Math.Min(gsoSize, payloadLength - (i * gsoSize));
            Assert.Equal(ipHeader + 32 + dataLength, segment.Length);
            Assert.True(ChecksumsVerify(segment, 6), $"segment {i} checksums");
            if (ipv6)
            {
                Assert.Equal(segment.Length - 40, BinaryPrimitives.ReadUInt16BigEndian(segment.AsSpan(4)));
            }
            else
            {
                Assert.Equal(segment.Length, BinaryPrimitives.ReadUInt16BigEndian(segment.AsSpan(2)));
                Assert.Equal((ushort)(0x1234 + i), BinaryPrimitives.ReadUInt16BigEndian(segment.AsSpan(4)));
            }

            var tcp = segment.AsSpan(ipHeader);
            Assert.Equal(unchecked(sequence + (uint)(i * gsoSize)), BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]));
            Assert.Equal(777u, BinaryPrimitives.ReadUInt32BigEndian(tcp[8..]));
            bool last = i == segments.Count - 1;
            byte flags = tcp[13];
            Assert.Equal(last, (flags & Psh) != 0);
            Assert.Equal(last, (flags & Fin) != 0);
            Assert.Equal(i == 0, (flags & Cwr) != 0);
            Assert.True((flags & Ack) != 0);
            // Options copied unchanged.
            Assert.Equal(super.AsSpan(ipHeader + 20, 12).ToArray(), tcp.Slice(20, 12).ToArray());
            joined.AddRange(tcp[32..].ToArray());
        }

        Assert.Equal(payload, joined.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Udp_super_segment_becomes_datagrams_with_their_own_lengths_and_checksums(bool ipv6)
    {
        byte[] payload = Payload(2500);
        byte[] super = Udp(ipv6, payload);
        int ipHeader = ipv6 ? 40 : 20;
        MakePartial(super, 17, 6);
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, VirtioNetHeader.GsoUdpL4, (ushort)(ipHeader + 8), 1000, (ushort)ipHeader, 6);

        var segments = Split(super, header);

        Assert.Equal([1000, 1000, 500], segments.Select(s => s.Length - ipHeader - 8));
        for (int i = 0; i < segments.Count; i++)
        {
            Assert.True(ChecksumsVerify(segments[i], 17), $"datagram {i} checksums");
            Assert.Equal(segments[i].Length - ipHeader, BinaryPrimitives.ReadUInt16BigEndian(segments[i].AsSpan(ipHeader + 4)));
        }

        Assert.Equal(payload, segments.SelectMany(s => s.Skip(ipHeader + 8)).ToArray());
    }

    [Theory]
    [InlineData(false, 6, 16)]
    [InlineData(true, 6, 16)]
    [InlineData(false, 17, 6)]
    public void A_single_packet_with_a_partial_checksum_gets_it_completed(bool ipv6, byte protocol, int checksumOffset)
    {
        byte[] packet = protocol == 6 ? Tcp(ipv6, 1, 2, Ack, Payload(333)) : Udp(ipv6, Payload(333));
        byte[] original = (byte[])packet.Clone();
        int ipHeader = ipv6 ? 40 : 20;
        MakePartial(packet, protocol, checksumOffset);
        Assert.False(ChecksumsVerify(packet, protocol));
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, VirtioNetHeader.GsoNone, 0, 0, (ushort)ipHeader, (ushort)checksumOffset);

        var segments = Split(packet, header);

        Assert.Equal(original, Assert.Single(segments));
    }

    [Fact]
    public void A_finished_packet_is_copied_as_it_is()
    {
        byte[] packet = Tcp(false, 1, 2, Ack | Psh, Payload(100));
        var segments = Split(packet, default);
        Assert.Equal(packet, Assert.Single(segments));
    }

    [Theory]
    [InlineData(VirtioNetHeader.GsoUdp)] // UFO: IP fragmentation, not done here
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(0x7f)]
    public void Other_gso_types_are_refused(byte gsoType)
    {
        byte[] packet = Udp(false, Payload(3000));
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, gsoType, 28, 1000, 20, 6);
        Assert.Equal(GsoStatus.Unsupported, Run(packet, header, 64, out _));
    }

    [Fact]
    public void Tcp_gso_over_ipv6_with_an_extension_header_is_refused()
    {
        byte[] packet = Tcp(true, 1, 2, Ack, Payload(3000));
        packet[6] = 0; // hop-by-hop options in front of TCP
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, VirtioNetHeader.GsoTcpV6, 72, 1000, 40, 16);
        Assert.Equal(GsoStatus.Unsupported, Run(packet, header, 64, out _));
    }

    [Fact]
    public void Headers_that_contradict_the_virtio_header_are_malformed()
    {
        byte[] packet = Tcp(false, 1, 2, Ack, Payload(3000));
        // TCPv4 GSO for an IPv6 packet, a checksum start that is not the TCP header, a UDP packet, a cut-short header.
        Assert.Equal(GsoStatus.Malformed, Run(Tcp(true, 1, 2, Ack, Payload(3000)), new VirtioNetHeader(1, VirtioNetHeader.GsoTcpV4, 72, 1000, 40, 16), 64, out _));
        Assert.Equal(GsoStatus.Malformed, Run(packet, new VirtioNetHeader(1, VirtioNetHeader.GsoTcpV4, 52, 1000, 24, 16), 64, out _));
        Assert.Equal(GsoStatus.Malformed, Run(Udp(false, Payload(3000)), new VirtioNetHeader(1, VirtioNetHeader.GsoTcpV4, 52, 1000, 20, 16), 64, out _));
        Assert.Equal(GsoStatus.Malformed, Run(packet.AsSpan(0, 30).ToArray(), new VirtioNetHeader(1, VirtioNetHeader.GsoTcpV4, 52, 1000, 20, 16), 64, out _));
        Assert.Equal(GsoStatus.Malformed, Run(packet.AsSpan(0, 20).ToArray(), new VirtioNetHeader(1, VirtioNetHeader.GsoNone, 0, 0, 20, 16), 64, out _));
    }

    [Fact]
    public void More_segments_than_slots_are_refused()
    {
        byte[] packet = Tcp(false, 1, 2, Ack, Payload(3500));
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, VirtioNetHeader.GsoTcpV4, 52, 1000, 20, 16);
        Assert.Equal(GsoStatus.NoRoom, Run(packet, header, 3, out _));
    }

    private static List<byte[]> Split(byte[] packet, VirtioNetHeader header)
    {
        var output = new byte[200_000];
        var offsets = new int[128];
        var lengths = new int[128];
        int used = 100;
        var status = GsoSegmenter.Segment(packet, header, output, ref used, Headroom, Tailroom, offsets, lengths, out int count);
        Assert.Equal(GsoStatus.Ok, status);
        var segments = new List<byte[]>();
        int previousEnd = 100;
        for (int i = 0; i < count; i++)
        {
            // Each segment has its headroom in front and tailroom behind, inside the space reported used.
            Assert.True(offsets[i] - Headroom >= previousEnd);
            previousEnd = offsets[i] + lengths[i] + Tailroom;
            Assert.True(previousEnd <= used);
            segments.Add(output.AsSpan(offsets[i], lengths[i]).ToArray());
        }

        return segments;
    }

    private static GsoStatus Run(byte[] packet, VirtioNetHeader header, int slots, out int count)
    {
        var output = new byte[200_000];
        int used = 0;
        return GsoSegmenter.Segment(packet, header, output, ref used, Headroom, Tailroom, new int[slots], new int[slots], out count);
    }
}
