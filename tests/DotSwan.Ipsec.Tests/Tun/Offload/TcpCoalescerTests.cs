using System.Buffers.Binary;
using DotSwan.Ipsec.Backends.Tun;
using static DotSwan.Ipsec.Tests.Tun.Offload.OffloadPackets;

namespace DotSwan.Ipsec.Tests.Tun.Offload;

public sealed class TcpCoalescerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void In_order_segments_of_one_flow_become_one_gso_write(bool ipv6)
    {
        int ipHeader = ipv6 ? 40 : 20;
        byte[] payload = Payload(3500);
        var coalescer = new TcpCoalescer();
        Assert.True(coalescer.TryStart(Segment(ipv6, payload, 0, 1000, Ack)));
        Assert.True(coalescer.TryAppend(Segment(ipv6, payload, 1000, 1000, Ack, identification: 0x1235)));
        Assert.True(coalescer.TryAppend(Segment(ipv6, payload, 2000, 1000, Ack, identification: 0x1236)));
        Assert.True(coalescer.TryAppend(Segment(ipv6, payload, 3000, 500, Ack | Psh, identification: 0x1237)));
        Assert.Equal(4, coalescer.Segments);

        byte[] written = coalescer.Complete().ToArray();

        Assert.False(coalescer.HasPending);
        Assert.True(VirtioNetHeader.TryRead(written, out var header));
        Assert.Equal(new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, ipv6 ? VirtioNetHeader.GsoTcpV6 : VirtioNetHeader.GsoTcpV4,
            (ushort)(ipHeader + 32), 1000, (ushort)ipHeader, 16), header);
        byte[] packet = written[VirtioNetHeader.Length..];
        Assert.Equal(ipHeader + 32 + 3500, packet.Length);
        if (ipv6)
        {
            Assert.Equal(packet.Length - 40, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4)));
        }
        else
        {
            Assert.Equal(packet.Length, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)));
            Assert.Equal(0xffff, ReferenceSum(packet.Take(20)));
        }

        // Checksum partial: the field holds the folded pseudo-header sum of the joined packet, computed independently here.
        Assert.Equal(ReferenceSum(PseudoHeader(packet, 6)), BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(ipHeader + 16)));
        var tcp = packet.AsSpan(ipHeader);
        Assert.Equal(1000u, BinaryPrimitives.ReadUInt32BigEndian(tcp[4..])); // the first segment's
        Assert.Equal(Ack | Psh, tcp[13]);
        Assert.Equal(payload, tcp[32..].ToArray());
    }

    [Fact]
    public void Segmenting_then_coalescing_gives_back_the_super_segment()
    {
        byte[] payload = Payload(20_000);
        byte[] super = Tcp(false, 42, 7, Ack | Psh, payload);
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, VirtioNetHeader.GsoTcpV4, 52, 1348, 20, 16);
        var output = new byte[100_000];
        var offsets = new int[64];
        var lengths = new int[64];
        int used = 0;
        Assert.Equal(GsoStatus.Ok, GsoSegmenter.Segment((byte[])super.Clone(), header, output, ref used, 16, 16, offsets, lengths, out int count));
        var coalescer = new TcpCoalescer();
        Assert.True(coalescer.TryStart(output.AsSpan(offsets[0], lengths[0])));
        for (int i = 1; i < count; i++)
        {
            Assert.True(coalescer.TryAppend(output.AsSpan(offsets[i], lengths[i])), $"segment {i}");
        }

        byte[] joined = coalescer.Complete()[VirtioNetHeader.Length..].ToArray();
        // Equal to the original apart from the TCP checksum field (partial now).
        Assert.Equal(super.Length, joined.Length);
        joined[36] = super[36];
        joined[37] = super[37];
        Assert.Equal(super, joined);
    }

    [Fact]
    public void A_lone_segment_goes_out_unchanged_behind_a_zero_header()
    {
        byte[] packet = Segment(false, Payload(1000), 0, 1000, Ack);
        var coalescer = new TcpCoalescer();
        Assert.True(coalescer.TryStart(packet));
        byte[] written = coalescer.Complete().ToArray();
        Assert.Equal(new byte[VirtioNetHeader.Length], written[..VirtioNetHeader.Length]);
        Assert.Equal(packet, written[VirtioNetHeader.Length..]);
        Assert.True(ChecksumsVerify(written[VirtioNetHeader.Length..], 6));
    }

    [Fact]
    public void Packets_that_are_not_tcp_data_are_not_started()
    {
        var coalescer = new TcpCoalescer();
        Assert.False(coalescer.TryStart(Tcp(false, 0, 0, Syn, [])));
        Assert.False(coalescer.TryStart(Tcp(false, 0, 1, Ack, []))); // pure ACK
        Assert.False(coalescer.TryStart(Tcp(false, 0, 1, Ack | Fin, Payload(10))));
        Assert.False(coalescer.TryStart(Udp(false, Payload(100))));
        byte[] fragment = Segment(false, Payload(1000), 0, 1000, Ack);
        fragment[6] = 0x20; // more fragments
        Assert.False(coalescer.TryStart(fragment));
        byte[] options = [.. new byte[] { 0x46 }, .. Segment(false, Payload(1000), 0, 1000, Ack).Skip(1)]; // IPv4 options claimed
        Assert.False(coalescer.TryStart(options));
        Assert.False(coalescer.HasPending);
    }

    [Fact]
    public void Only_continuing_segments_of_the_same_flow_are_appended()
    {
        byte[] payload = Payload(4000);
        var coalescer = new TcpCoalescer();
        Assert.True(coalescer.TryStart(Segment(false, payload, 0, 1000, Ack)));
        Assert.False(coalescer.TryAppend(Segment(false, payload, 2000, 1000, Ack))); // gap
        Assert.False(coalescer.TryAppend(Segment(false, payload, 0, 1000, Ack))); // repeat
        Assert.False(coalescer.TryAppend(Segment(false, payload, 1000, 1000, Ack, acknowledgment: 8))); // other ACK number
        Assert.False(coalescer.TryAppend(Segment(false, payload, 1000, 1000, Ack, window: 1024))); // other window
        Assert.False(coalescer.TryAppend(Segment(false, payload, 1000, 1000, Ack, options: false))); // other options
        Assert.False(coalescer.TryAppend(Segment(false, payload, 1000, 1500, Ack))); // longer than the first
        Assert.False(coalescer.TryAppend(Segment(true, payload, 1000, 1000, Ack))); // other family
        byte[] otherPort = Segment(false, payload, 1000, 1000, Ack);
        otherPort[21] ^= 1;
        Assert.False(coalescer.TryAppend(otherPort));
        Assert.Equal(1, coalescer.Segments);
        Assert.True(coalescer.TryAppend(Segment(false, payload, 1000, 1000, Ack)));
        Assert.Equal(2, coalescer.Segments);
    }

    [Fact]
    public void A_short_or_pushed_segment_ends_the_packet()
    {
        byte[] payload = Payload(5000);
        var coalescer = new TcpCoalescer();
        Assert.True(coalescer.TryStart(Segment(false, payload, 0, 1000, Ack)));
        Assert.True(coalescer.TryAppend(Segment(false, payload, 1000, 600, Ack)));
        Assert.False(coalescer.TryAppend(Segment(false, payload, 1600, 600, Ack)));
        coalescer.Complete();

        Assert.True(coalescer.TryStart(Segment(false, payload, 0, 1000, Ack | Psh)));
        Assert.False(coalescer.TryAppend(Segment(false, payload, 1000, 1000, Ack)));
    }

    [Fact]
    public void The_joined_packet_stays_within_64_kilobytes()
    {
        byte[] payload = Payload(70_000);
        var coalescer = new TcpCoalescer();
        Assert.True(coalescer.TryStart(Segment(false, payload, 0, 1400, Ack, options: false)));
        int appended = 1;
        while (coalescer.TryAppend(Segment(false, payload, appended * 1400, 1400, Ack, options: false)))
        {
            appended++;
        }

        // 40 bytes of headers once, then 1400-byte payloads: 46 fit in 65535.
        Assert.Equal(46, appended);
        Assert.True(coalescer.Complete().Length - VirtioNetHeader.Length <= TcpCoalescer.MaxPacketLength);
    }

    private static byte[] Segment(bool ipv6, byte[] payload, int offset, int length, byte flags, uint acknowledgment = 7,
        ushort identification = 0x1234, ushort window = 512, bool options = true)
        => Tcp(ipv6, 1000u + (uint)offset, acknowledgment, flags, payload.AsSpan(offset, length).ToArray(), options, identification, window);
}
