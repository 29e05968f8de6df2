using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Tests.Ikev2;

public sealed class NatTraversalStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IPEndPoint Us = new(IPAddress.Parse("192.0.2.1"), 500);
    private static readonly IPEndPoint Them = new(IPAddress.Parse("192.0.2.2"), 500);
    private const ulong SpiI = 0x0102030405060708;
    private const ulong SpiR = 0x1112131415161718;

    [Fact]
    public void Matching_hashes_mean_no_nat_and_no_float()
    {
        var state = new NatTraversalState(NatTraversalSettings.Default);
        // What the peer sends: its source is our remote, its destination is our local.
        state.Check(new NatTraversalState(NatTraversalSettings.Default).Notifies(SpiI, SpiR, Them, Us), SpiI, SpiR, Us, Them, T0);
        Assert.True(state.PeerSupportsNatTraversal);
        Assert.False(state.LocalBehindNat);
        Assert.False(state.RemoteBehindNat);
        Assert.False(state.ShouldFloat);
        Assert.Null(state.Encapsulation(Us, Them));
        Assert.Null(state.NextKeepalive);
    }

    [Fact]
    public void A_translated_destination_means_we_are_behind_a_nat_and_keepalives_start()
    {
        var state = new NatTraversalState(NatTraversalSettings.Default);
        var natPublic = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40001);
        state.Check(new NatTraversalState(NatTraversalSettings.Default).Notifies(SpiI, SpiR, Them, natPublic), SpiI, SpiR, Us, Them, T0);
        Assert.True(state.LocalBehindNat);
        Assert.False(state.RemoteBehindNat);
        Assert.True(state.ShouldFloat);
        var (local, remote) = state.Float(Us, Them, T0);
        Assert.Equal((4500, 4500), (local.Port, remote.Port));
        Assert.Equal(new UdpEncapsulation(4500, 4500), state.Encapsulation(local, remote));
        Assert.Equal(T0 + TimeSpan.FromSeconds(20), state.NextKeepalive);
        Assert.False(state.TakeKeepalive(T0 + TimeSpan.FromSeconds(19)));
        // Sending anything refreshes the mapping: the keepalive waits a full interval from then.
        state.NoteSent(T0 + TimeSpan.FromSeconds(10));
        Assert.False(state.TakeKeepalive(T0 + TimeSpan.FromSeconds(25)));
        Assert.True(state.TakeKeepalive(T0 + TimeSpan.FromSeconds(30)));
        Assert.Equal(T0 + TimeSpan.FromSeconds(50), state.NextKeepalive);
        state.Stop();
        Assert.Null(state.NextKeepalive);
    }

    [Fact]
    public void Forced_encapsulation_fakes_the_source_hash_so_the_peer_sees_a_nat()
    {
        var forcing = new NatTraversalState(new NatTraversalSettings(ForceEncapsulation: true));
        var peer = new NatTraversalState(NatTraversalSettings.Default);
        peer.Check(forcing.Notifies(SpiI, SpiR, Us, Them), SpiI, SpiR, Them, Us, T0);
        Assert.True(peer.RemoteBehindNat);
        Assert.False(peer.LocalBehindNat);
        Assert.True(peer.ShouldFloat);
        Assert.Null(peer.NextKeepalive); // the peer is not behind a NAT itself
    }

    [Fact]
    public void Without_both_notifies_the_peer_does_not_do_nat_traversal()
    {
        var state = new NatTraversalState(new NatTraversalSettings(ForceEncapsulation: true));
        var onlySource = new NatTraversalState(NatTraversalSettings.Default).Notifies(SpiI, SpiR, Them, Us)[..1];
        state.Check(onlySource, SpiI, SpiR, Us, Them, T0);
        Assert.False(state.PeerSupportsNatTraversal);
        Assert.False(state.ShouldFloat);
        state.Check([], SpiI, SpiR, Us, Them, T0);
        Assert.False(state.ShouldFloat);
        Assert.False(state.TryFollow(new IPEndPoint(Us.Address, 4500), new IPEndPoint(Them.Address, 4500), Us, Them));
    }

    [Fact]
    public void Following_the_peer_only_on_4500_and_after_the_float_only_when_it_is_behind_a_nat()
    {
        var us4500 = new IPEndPoint(Us.Address, 4500);
        var them4500 = new IPEndPoint(Them.Address, 4500);
        var moved = new IPEndPoint(Them.Address, 40000);

        // The peer is not behind a NAT: we follow its float once, then never again.
        var plain = new NatTraversalState(new NatTraversalSettings(ForceEncapsulation: true));
        plain.Check(new NatTraversalState(NatTraversalSettings.Default).Notifies(SpiI, SpiR, Them, Us), SpiI, SpiR, Us, Them, T0);
        Assert.False(plain.TryFollow(Us, moved, Us, Them)); // not on 4500
        Assert.True(plain.TryFollow(us4500, them4500, Us, Them));
        Assert.False(plain.TryFollow(us4500, them4500, us4500, them4500)); // nothing changed
        Assert.False(plain.TryFollow(us4500, moved, us4500, them4500)); // not behind a NAT: the address is not ours to change

        // The peer is behind a NAT: its new mapping is followed.
        var natted = new NatTraversalState(NatTraversalSettings.Default);
        natted.Check(new NatTraversalState(NatTraversalSettings.Default).Notifies(SpiI, SpiR, new IPEndPoint(IPAddress.Parse("198.51.100.9"), 500), Us),
            SpiI, SpiR, Us, Them, T0);
        Assert.True(natted.RemoteBehindNat);
        Assert.True(natted.TryFollow(us4500, them4500, Us, Them));
        Assert.True(natted.TryFollow(us4500, moved, us4500, them4500));
    }

    [Theory]
    [InlineData("192.0.2.1", false, 1280, 1252)]
    [InlineData("192.0.2.1", true, 1280, 1248)]
    [InlineData("2001:db8::1", false, 1280, 1232)]
    [InlineData("2001:db8::1", true, 500, 448)]
    public void Fragment_size_counts_ip_udp_and_marker(string address, bool marker, int fragmentSize, int expected)
    {
        Assert.Equal(expected, MessageFragmenter.MaxMessageLength(fragmentSize, new IPEndPoint(IPAddress.Parse(address), 4500), marker));
    }

    [Fact]
    public void Nat_detection_notifies_carry_sha1_of_spis_address_and_port()
    {
        var notifies = new NatTraversalState(NatTraversalSettings.Default).Notifies(SpiI, 0, Us, Them);
        Assert.Equal([NotifyType.NatDetectionSourceIp, NotifyType.NatDetectionDestinationIp], notifies.Select(n => n.NotifyType));
        Assert.Equal(NatDetection.Compute(SpiI, 0, Us), notifies[0].Data.ToArray());
        Assert.Equal(NatDetection.Compute(SpiI, 0, Them), notifies[1].Data.ToArray());
    }
}
