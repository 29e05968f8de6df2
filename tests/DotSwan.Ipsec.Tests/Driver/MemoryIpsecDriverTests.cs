using System.Buffers.Binary;
using DotSwan.Ipsec.Backends.Memory;
using DotSwan.Ipsec.Driver;
using DotSwan.Ipsec.Lifetimes;
using DotSwan.Ipsec.Spd;
using DotSwan.Ipsec.Tests.Spd;

namespace DotSwan.Ipsec.Tests.Driver;

public sealed class MemoryIpsecDriverTests
{
    private static uint OuterSpi(byte[] outer, bool udp = false) => BinaryPrimitives.ReadUInt32BigEndian(outer.AsSpan(20 + (udp ? 8 : 0)));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Tunnel_round_trip_ipv4_and_ipv6_inner_both_ways(bool udp)
    {
        using var pair = new DriverPair(udp: udp);
        var v4 = SpdPackets.Packet("10.1.0.5", "10.2.0.9", 6, 40000, 443, payload: 300);
        var v6 = SpdPackets.Packet("2001:db8:1::5", "2001:db8:2::9", 17, 5353, 53, payload: 77);
        var back = SpdPackets.Packet("10.2.0.9", "10.1.0.5", 6, 443, 40000, payload: 10);

        foreach (var inner in new[] { v4, v6 })
        {
            var outer = DriverPair.Send(pair.A, inner);
            Assert.Equal(DriverPair.SpiAToB, OuterSpi(outer, udp));
            Assert.Equal(udp ? 17 : 50, outer[9]);
            var (result, delivered) = DriverPair.Receive(pair.B, outer);
            Assert.Equal(InboundAction.Delivered, result.Action);
            Assert.Equal(inner, delivered);
        }

        var (backResult, backDelivered) = DriverPair.Receive(pair.A, DriverPair.Send(pair.B, back));
        Assert.Equal(InboundAction.Delivered, backResult.Action);
        Assert.Equal(back, backDelivered);

        Assert.True(pair.A.TryQueryCounters(DriverPair.Id(SaDirection.Outbound, DriverPair.SpiAToB), out var sent));
        Assert.True(pair.B.TryQueryCounters(DriverPair.Id(SaDirection.Inbound, DriverPair.SpiAToB), out var received));
        Assert.Equal(new SaCounterSnapshot(2, v4.Length + v6.Length, 0), sent);
        Assert.Equal(sent, received);
    }

    [Fact]
    public void Inner_packet_outside_the_sa_policy_is_dropped_as_policy_mismatch()
    {
        using var pair = new DriverPair();

        // A misconfigured A also tunnels 10.3.0.0/16 through reqid 1; B's policy for that SA covers only 10.2.0.0/16.
        var wider = new PolicySelector(AddressPrefix.AnyIpv4, AddressPrefix.AnyIpv4);
        pair.A.InstallPolicy(new SecurityPolicy(9, PolicyDirection.Out, wider, PolicyAction.Protect, 20, new SaTemplate(DriverPair.ReqId)));
        var outer = DriverPair.Send(pair.A, SpdPackets.Packet("10.1.0.5", "10.3.0.9"));

        var (result, _) = DriverPair.Receive(pair.B, outer);

        Assert.Equal(InboundAction.Dropped, result.Action);
        Assert.Equal(DropReason.PolicyMismatch, result.Reason);
        Assert.Equal(1, pair.B.Drops(DropReason.PolicyMismatch));
    }

    [Fact]
    public void Inner_packet_of_another_reqid_is_a_policy_mismatch()
    {
        using var pair = new DriverPair();
        var other = new PolicySelector(AddressPrefix.TryParse("10.2.5.0/24", out var p, out _) ? p : default, AddressPrefix.TryParse("10.1.0.0/16", out var q, out _) ? q : default);

        // B protects 10.2.5.0/24 with another SA (reqid 2) with a more specific In policy: the reqid 1 SA may not carry it.
        pair.B.InstallPolicy(new SecurityPolicy(20, PolicyDirection.In, other, PolicyAction.Protect, 10, new SaTemplate(2)));
        var (result, _) = DriverPair.Receive(pair.B, DriverPair.Send(pair.A, SpdPackets.Packet("10.1.0.5", "10.2.5.1")));

        Assert.Equal(DropReason.PolicyMismatch, result.Reason);
        Assert.Equal(InboundAction.Delivered, DriverPair.Receive(pair.B, DriverPair.Send(pair.A, SpdPackets.Packet("10.1.0.5", "10.2.6.1"))).Result.Action);
    }

    [Fact]
    public void Unknown_spi_is_dropped_and_counted()
    {
        using var pair = new DriverPair();
        var outer = DriverPair.Send(pair.A, SpdPackets.Packet("10.1.0.5", "10.2.0.9"));
        var wrongSpi = outer.ToArray();
        wrongSpi[20] ^= 0x01;

        Assert.Equal(DropReason.UnknownSpi, DriverPair.Receive(pair.B, wrongSpi).Result.Reason);
        Assert.True(pair.B.DeleteSa(DriverPair.Id(SaDirection.Inbound, DriverPair.SpiAToB)).IsOk);
        Assert.Equal(DropReason.UnknownSpi, DriverPair.Receive(pair.B, outer).Result.Reason);
        Assert.Equal(2, pair.B.Drops(DropReason.UnknownSpi));
    }

    [Fact]
    public void Tampered_packet_is_refused_by_the_sa_and_counted_there()
    {
        using var pair = new DriverPair();
        var outer = DriverPair.Send(pair.A, SpdPackets.Packet("10.1.0.5", "10.2.0.9"));
        outer[^1] ^= 0x80;

        Assert.Equal(DropReason.SaRefused, DriverPair.Receive(pair.B, outer).Result.Reason);
        Assert.True(pair.B.TryQueryCounters(DriverPair.Id(SaDirection.Inbound, DriverPair.SpiAToB), out var counters));
        Assert.Equal(1, counters.Drops);
        Assert.Equal(0, counters.Packets);
    }

    [Fact]
    public void Acquire_is_raised_once_per_interval_and_queued_packets_are_released_in_order_after_sa_install()
    {
        using var pair = new DriverPair(installSas: false);
        var packets = Enumerable.Range(0, 3).Select(i => SpdPackets.Packet("10.1.0.5", "10.2.0.9", sourcePort: (ushort)(1000 + i))).ToList();

        foreach (var packet in packets)
        {
            Assert.Equal(OutboundAction.Queued, pair.A.ProcessOutbound(packet, new byte[1500]).Action);
            pair.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var events = DriverPair.DrainEvents(pair.A);
        var acquire = Assert.IsType<AcquireEvent>(Assert.Single(events));
        Assert.Equal(1u, acquire.PolicyId);
        Assert.Equal(DriverPair.ReqId, acquire.ReqId);
        Assert.Equal((ushort)1000, acquire.Packet.SourcePort);
        Assert.Equal(3, pair.A.QueuedPackets);

        // After the interval a new acquire goes out (the IKE side may have lost the first).
        pair.Clock.Advance(TimeSpan.FromSeconds(30));
        var fourth = SpdPackets.Packet("10.1.0.5", "10.2.0.9", sourcePort: 1003);
        packets.Add(fourth);
        Assert.Equal(OutboundAction.Queued, pair.A.ProcessOutbound(fourth, new byte[1500]).Action);
        Assert.IsType<AcquireEvent>(Assert.Single(DriverPair.DrainEvents(pair.A)));

        Assert.False(pair.A.TryTakeReleased(out _));
        pair.InstallSaPair(DriverPair.SpiAToB, DriverPair.SpiBToA);
        Assert.Equal(0, pair.A.QueuedPackets);
        foreach (var packet in packets)
        {
            Assert.True(pair.A.TryTakeReleased(out var outer));
            var (result, inner) = DriverPair.Receive(pair.B, outer);
            Assert.Equal(InboundAction.Delivered, result.Action);
            Assert.Equal(packet, inner);
        }

        Assert.False(pair.A.TryTakeReleased(out _));
    }

    [Fact]
    public void Acquire_queue_keeps_the_newest_packets_within_its_packet_bound()
    {
        using var pair = new DriverPair(new MemoryIpsecDriverOptions { QueueLimitPackets = 4 }, installSas: false);
        var packets = Enumerable.Range(0, 10).Select(i => SpdPackets.Packet("10.1.0.5", "10.2.0.9", sourcePort: (ushort)i)).ToList();
        foreach (var packet in packets)
        {
            Assert.Equal(OutboundAction.Queued, pair.A.ProcessOutbound(packet, new byte[1500]).Action);
        }

        Assert.Equal(4, pair.A.QueuedPackets);
        Assert.Equal(6, pair.A.Drops(DropReason.AcquireQueueFull));
        pair.InstallSaPair(DriverPair.SpiAToB, DriverPair.SpiBToA);
        var released = new List<byte[]>();
        while (pair.A.TryTakeReleased(out var outer))
        {
            released.Add(DriverPair.Receive(pair.B, outer).Inner);
        }

        Assert.Equal(packets.Skip(6), released);
    }

    [Fact]
    public void Acquire_queue_respects_its_byte_bound()
    {
        using var pair = new DriverPair(new MemoryIpsecDriverOptions { QueueLimitBytes = 300 }, installSas: false);
        for (int i = 0; i < 5; i++)
        {
            pair.A.ProcessOutbound(SpdPackets.Packet("10.1.0.5", "10.2.0.9", payload: 72), new byte[1500]); // 100 bytes each
        }

        Assert.Equal(3, pair.A.QueuedPackets);
        Assert.Equal(2, pair.A.Drops(DropReason.AcquireQueueFull));
    }

    [Fact]
    public void Queued_packets_expire_on_tick()
    {
        using var pair = new DriverPair(new MemoryIpsecDriverOptions { QueuedPacketLifetime = TimeSpan.FromSeconds(10) }, installSas: false);
        pair.A.ProcessOutbound(SpdPackets.Packet("10.1.0.5", "10.2.0.9"), new byte[1500]);
        pair.Clock.Advance(TimeSpan.FromSeconds(5));
        pair.A.ProcessOutbound(SpdPackets.Packet("10.1.0.5", "10.2.0.9"), new byte[1500]);

        pair.Clock.Advance(TimeSpan.FromSeconds(5));
        pair.A.Tick();
        Assert.Equal(1, pair.A.QueuedPackets);
        Assert.Equal(1, pair.A.Drops(DropReason.AcquireExpired));

        pair.Clock.Advance(TimeSpan.FromSeconds(5));
        pair.A.Tick();
        Assert.Equal(0, pair.A.QueuedPackets);
        Assert.Equal(2, pair.A.Drops(DropReason.AcquireExpired));
    }

    [Fact]
    public void Rekey_switches_outbound_at_once_and_old_inbound_accepts_in_flight_packets_until_deleted()
    {
        using var pair = new DriverPair();
        var inFlight1 = DriverPair.Send(pair.A, SpdPackets.Packet("10.1.0.5", "10.2.0.9", sourcePort: 1));
        var inFlight2 = DriverPair.Send(pair.A, SpdPackets.Packet("10.1.0.5", "10.2.0.9", sourcePort: 2));

        const uint newAToB = 0xb0000002;
        const uint newBToA = 0xa0000002;
        pair.InstallSaPair(newAToB, newBToA);

        var fresh = SpdPackets.Packet("10.1.0.5", "10.2.0.9", sourcePort: 3);
        var freshOuter = DriverPair.Send(pair.A, fresh);
        Assert.Equal(newAToB, OuterSpi(freshOuter));
        Assert.Equal(fresh, DriverPair.Receive(pair.B, freshOuter).Inner);
        Assert.Equal(newBToA, OuterSpi(DriverPair.Send(pair.B, SpdPackets.Packet("10.2.0.9", "10.1.0.5"))));

        // The old inbound SA of B still takes a packet sent before the switch.
        Assert.Equal(InboundAction.Delivered, DriverPair.Receive(pair.B, inFlight1).Result.Action);

        Assert.True(pair.A.DeleteSa(DriverPair.Id(SaDirection.Outbound, DriverPair.SpiAToB)).IsOk);
        Assert.True(pair.B.DeleteSa(DriverPair.Id(SaDirection.Inbound, DriverPair.SpiAToB)).IsOk);
        Assert.Equal(DropReason.UnknownSpi, DriverPair.Receive(pair.B, inFlight2).Result.Reason);

        // Deleting the old outbound SA did not take the new one off its reqid.
        Assert.Equal(newAToB, OuterSpi(DriverPair.Send(pair.A, fresh)));
    }

    [Fact]
    public void Soft_then_hard_expiry_by_bytes_raise_events_and_the_hard_one_deletes_the_sa()
    {
        var lifetimes = new SaLifetimes(new SaLifetimeLimits(250, null, null), new SaLifetimeLimits(450, null, null));
        using var pair = new DriverPair(lifetimes: lifetimes);
        var packet = SpdPackets.Packet("10.1.0.5", "10.2.0.9", payload: 72); // 100 bytes
        var outboundId = DriverPair.Id(SaDirection.Outbound, DriverPair.SpiAToB);

        DriverPair.Send(pair.A, packet);
        DriverPair.Send(pair.A, packet);
        pair.A.Tick();
        Assert.Empty(DriverPair.DrainEvents(pair.A));

        DriverPair.Send(pair.A, packet);
        pair.A.Tick();
        pair.A.Tick();
        var soft = Assert.IsType<SoftExpireEvent>(Assert.Single(DriverPair.DrainEvents(pair.A)));
        Assert.Equal(outboundId, soft.Sa);
        Assert.Equal(SaExpiryTrigger.Bytes, soft.Trigger);
        Assert.Equal(DriverPair.ReqId, soft.ReqId);

        DriverPair.Send(pair.A, packet);
        var refused = pair.A.ProcessOutbound(packet, new byte[1500]);
        Assert.Equal(DropReason.SaRefused, refused.Reason);
        pair.A.Tick();
        var hard = Assert.IsType<HardExpireEvent>(Assert.Single(DriverPair.DrainEvents(pair.A)));
        Assert.Equal(outboundId, hard.Sa);
        Assert.Equal(SaExpiryTrigger.Bytes, hard.Trigger);
        Assert.False(pair.A.TryQueryCounters(outboundId, out _));

        // Without its SA the policy asks for a new one.
        Assert.Equal(OutboundAction.Queued, pair.A.ProcessOutbound(packet, new byte[1500]).Action);
        Assert.IsType<AcquireEvent>(Assert.Single(DriverPair.DrainEvents(pair.A)));
    }

    [Fact]
    public void Soft_and_hard_expiry_by_time_on_the_virtual_clock()
    {
        var lifetimes = new SaLifetimes(new SaLifetimeLimits(null, null, TimeSpan.FromMinutes(60)), new SaLifetimeLimits(null, null, TimeSpan.FromMinutes(66)));
        using var pair = new DriverPair(lifetimes: lifetimes);

        pair.Clock.Advance(TimeSpan.FromMinutes(59));
        pair.B.Tick();
        Assert.Empty(DriverPair.DrainEvents(pair.B));

        pair.Clock.Advance(TimeSpan.FromMinutes(1));
        pair.B.Tick();
        var soft = DriverPair.DrainEvents(pair.B).Cast<SoftExpireEvent>().ToList();
        Assert.Equal(2, soft.Count);
        Assert.All(soft, e => Assert.Equal(SaExpiryTrigger.Time, e.Trigger));
        Assert.Equal(2, pair.B.SaCount);

        pair.Clock.Advance(TimeSpan.FromMinutes(6));
        pair.B.Tick();
        var hard = DriverPair.DrainEvents(pair.B).Cast<HardExpireEvent>().Select(e => e.Sa).ToHashSet();
        Assert.Equal([DriverPair.Id(SaDirection.Inbound, DriverPair.SpiAToB), DriverPair.Id(SaDirection.Outbound, DriverPair.SpiBToA)], hard);
        Assert.Equal(0, pair.B.SaCount);
    }

    [Fact]
    public void Sequence_overflow_raises_one_event()
    {
        using var pair = new DriverPair();
        var id = DriverPair.Id(SaDirection.Outbound, DriverPair.SpiAToB);
        pair.A.FindSecurityAssociation(id)!.SetNextSequenceNumber(uint.MaxValue);
        var packet = SpdPackets.Packet("10.1.0.5", "10.2.0.9");

        DriverPair.Send(pair.A, packet);
        Assert.Equal(DropReason.SaRefused, pair.A.ProcessOutbound(packet, new byte[1500]).Reason);
        Assert.Equal(DropReason.SaRefused, pair.A.ProcessOutbound(packet, new byte[1500]).Reason);

        var overflow = Assert.IsType<SequenceOverflowEvent>(Assert.Single(DriverPair.DrainEvents(pair.A)));
        Assert.Equal(id, overflow.Sa);
    }

    [Fact]
    public void Bypass_discard_and_unprotected_clear_text()
    {
        using var pair = new DriverPair();
        var any = new PolicySelector(AddressPrefix.AnyIpv4, AddressPrefix.AnyIpv4);
        pair.A.InstallPolicy(new SecurityPolicy(30, PolicyDirection.Out, new PolicySelector(AddressPrefix.AnyIpv4, AddressPrefix.AnyIpv4, 6, null, PortRange.Single(22)), PolicyAction.Bypass, 0));
        pair.A.InstallPolicy(new SecurityPolicy(31, PolicyDirection.Out, any, PolicyAction.Discard, 100));

        Assert.Equal(OutboundAction.Bypass, pair.A.ProcessOutbound(SpdPackets.Packet("10.1.0.5", "10.2.0.9", 6, 999, 22), new byte[1500]).Action);
        Assert.Equal(OutboundAction.Protected, pair.A.ProcessOutbound(SpdPackets.Packet("10.1.0.5", "10.2.0.9", 6, 999, 80), new byte[1500]).Action);
        var discarded = pair.A.ProcessOutbound(SpdPackets.Packet("10.1.0.5", "198.51.100.1"), new byte[1500]);
        Assert.Equal(DropReason.PolicyDiscard, discarded.Reason);

        // Clear text that B's policy says must be protected is dropped; other clear text passes.
        var (unprotected, _) = DriverPair.Receive(pair.B, SpdPackets.Packet("10.1.0.5", "10.2.0.9"));
        Assert.Equal(DropReason.Unprotected, unprotected.Reason);
        var clear = SpdPackets.Packet("198.51.100.7", "10.2.0.9");
        var (bypass, delivered) = DriverPair.Receive(pair.B, clear);
        Assert.Equal(InboundAction.Bypass, bypass.Action);
        Assert.Equal(clear, delivered);
        Assert.Equal(DropReason.Malformed, pair.B.ProcessInbound(new byte[] { 0x45, 0, 0 }).Reason);
    }

    [Fact]
    public void Control_operations_report_duplicates_missing_ids_and_bad_keys()
    {
        using var pair = new DriverPair();
        var duplicate = pair.Request(SaDirection.Outbound, DriverPair.SpiAToB, DriverPair.OuterA, DriverPair.OuterB, pair.Key(20));
        Assert.Equal(DriverStatus.AlreadyExists, pair.A.InstallSa(duplicate).Status);
        Assert.Equal(DriverStatus.NotFound, pair.A.DeleteSa(DriverPair.Id(SaDirection.Inbound, 0xdeadbeef)).Status);
        Assert.Equal(DriverStatus.NotFound, pair.A.DeletePolicy(77).Status);

        var badKey = pair.Request(SaDirection.Outbound, 0xb0000009, DriverPair.OuterA, DriverPair.OuterB, pair.Key(16));
        var result = pair.A.InstallSa(badKey);
        Assert.Equal(DriverStatus.Invalid, result.Status);
        Assert.Contains("20", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Key", badKey.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Update_moves_an_outbound_sa_to_new_udp_ports_keeping_its_sequence_number()
    {
        using var pair = new DriverPair();
        var id = DriverPair.Id(SaDirection.Outbound, DriverPair.SpiAToB);
        var packet = SpdPackets.Packet("10.1.0.5", "10.2.0.9");
        DriverPair.Send(pair.A, packet);
        DriverPair.Send(pair.A, packet);

        var moved = pair.Request(SaDirection.Outbound, DriverPair.SpiAToB, DriverPair.OuterA, DriverPair.OuterB, pair.Key(20)) is var r
            ? r with { Settings = r.Settings with { UdpEncapsulation = new UdpEncapsulationPorts(4500, 31000) } }
            : null;
        Assert.True(pair.A.UpdateSa(id, moved!).IsOk);

        var outer = DriverPair.Send(pair.A, packet);
        Assert.Equal(17, outer[9]);
        Assert.Equal(31000, BinaryPrimitives.ReadUInt16BigEndian(outer.AsSpan(22)));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32BigEndian(outer.AsSpan(32)));
        Assert.Equal(DriverStatus.NotFound, pair.A.UpdateSa(DriverPair.Id(SaDirection.Outbound, 0xb000000f), moved!).Status);
    }
}
