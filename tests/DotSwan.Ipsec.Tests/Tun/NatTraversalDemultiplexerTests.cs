using System.Net;
using CsCheck;
using DotSwan.Ipsec.Encapsulation;
using DotSwan.Ipsec.Transport;

namespace DotSwan.Ipsec.Tests.Tun;

/// <summary>What arrives on UDP 4500 is sorted as RFC 3948 §2 says (no socket traffic: the demultiplexer alone).</summary>
public sealed class NatTraversalDemultiplexerTests
{
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("192.0.2.2"), 4500);

    [Fact]
    public void Esp_is_handed_on_and_counted()
    {
        var demux = new NatTraversalDemultiplexer();
        byte[] esp = [0xc0, 0xff, 0xee, 0x01, 0, 0, 0, 1, 0xaa, 0xbb];

        Assert.Equal(UdpPayloadKind.Esp, demux.Dispatch(esp, Peer.Serialize()));

        Assert.Equal(1, demux.EspPackets);
        Assert.Equal(0, demux.IkeMessages + demux.NatKeepalives + demux.Invalid);
        Assert.False(demux.TryDequeueIke(out _));
    }

    [Fact]
    public void Ike_behind_the_non_esp_marker_is_queued_without_the_marker_with_its_sender()
    {
        var demux = new NatTraversalDemultiplexer();
        byte[] ikeHeader = [.. Enumerable.Range(1, 28).Select(i => (byte)i)];
        byte[] datagram = [0, 0, 0, 0, .. ikeHeader];

        Assert.Equal(UdpPayloadKind.Ike, demux.Dispatch(datagram, Peer.Serialize()));

        Assert.True(demux.TryDequeueIke(out var ike));
        Assert.Equal(ikeHeader, ike!.Message);
        Assert.Equal(Peer, ike.From);
        Assert.Equal(1, demux.IkeMessages);
        Assert.Equal(0, demux.EspPackets);
    }

    [Fact]
    public void Nat_keepalive_is_counted_and_ignored()
    {
        var demux = new NatTraversalDemultiplexer();

        Assert.Equal(UdpPayloadKind.NatKeepalive, demux.Dispatch([0xff], Peer.Serialize()));

        Assert.Equal(1, demux.NatKeepalives);
        Assert.Equal(0, demux.EspPackets + demux.IkeMessages + demux.Invalid);
        Assert.False(demux.TryDequeueIke(out _));
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0xfe })]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 })]
    public void Junk_is_counted_as_invalid(byte[] datagram)
    {
        var demux = new NatTraversalDemultiplexer();

        Assert.Equal(UdpPayloadKind.Invalid, demux.Dispatch(datagram, Peer.Serialize()));

        Assert.Equal(1, demux.Invalid);
        Assert.Equal(0, demux.EspPackets + demux.IkeMessages + demux.NatKeepalives);
    }

    [Fact]
    public void Ike_queue_is_bounded_and_overflow_counted()
    {
        var demux = new NatTraversalDemultiplexer();
        byte[] datagram = [0, 0, 0, 0, 1, 2, 3, 4];
        for (int i = 0; i < NatTraversalDemultiplexer.IkeQueueLimit + 5; i++)
        {
            demux.Dispatch(datagram, Peer.Serialize());
        }

        Assert.Equal(NatTraversalDemultiplexer.IkeQueueLimit, demux.IkeMessages);
        Assert.Equal(5, demux.IkeDropped);
    }

    [Fact]
    public void Any_datagram_is_classified_once_without_throwing()
    {
        Gen.Byte.Array[0, 64].Sample(datagram =>
        {
            var demux = new NatTraversalDemultiplexer();
            var kind = demux.Dispatch(datagram, Peer.Serialize());
            Assert.Equal(UdpEncapsulation.Classify(datagram), kind);
            Assert.Equal(1, demux.EspPackets + demux.IkeMessages + demux.NatKeepalives + demux.Invalid);
        });
    }
}
