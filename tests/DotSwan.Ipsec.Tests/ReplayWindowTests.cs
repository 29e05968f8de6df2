using CsCheck;
using DotSwan.Crypto;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.Replay;

namespace DotSwan.Ipsec.Tests;

/// <summary>RFC 4303 §3.4.3 and Appendix A: duplicates, the left edge, large jumps, window sizes, ESN inference across 2^32.</summary>
public sealed class ReplayWindowTests
{
    [Fact]
    public void Sequence_zero_is_never_accepted()
    {
        Assert.Equal(ReplayCheckResult.TooOld, new ReplayWindow().Check(0, out _));
        Assert.Equal(ReplayCheckResult.TooOld, new ReplayWindow(64, extendedSequenceNumbers: true).Check(0, out _));
    }

    [Fact]
    public void Duplicate_is_refused_and_first_sight_accepted()
    {
        var window = new ReplayWindow();
        Assert.Equal(ReplayCheckResult.Ok, window.Check(1, out ulong s));
        window.Update(s);
        Assert.Equal(ReplayCheckResult.Duplicate, window.Check(1, out _));
        Assert.Equal(ReplayCheckResult.Ok, window.Check(3, out s));
        window.Update(s);
        Assert.Equal(ReplayCheckResult.Ok, window.Check(2, out s));
        window.Update(s);
        Assert.Equal(ReplayCheckResult.Duplicate, window.Check(2, out _));
        Assert.Equal(3UL, window.Highest);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1024)]
    [InlineData(4096)]
    [InlineData(100)]
    [InlineData(1)]
    public void Left_edge_is_exact(int size)
    {
        var window = new ReplayWindow(size);
        ulong top = (ulong)size * 3;
        window.Update(top);
        ulong oldestInside = top - (ulong)size + 1;
        Assert.Equal(size == 1 ? ReplayCheckResult.Duplicate : ReplayCheckResult.Ok, window.Check((uint)oldestInside, out _));
        Assert.Equal(ReplayCheckResult.TooOld, window.Check((uint)(oldestInside - 1), out _));
        Assert.Equal(ReplayCheckResult.Ok, window.Check((uint)(top + 1), out _));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1024)]
    [InlineData(4096)]
    public void Large_jumps_slide_the_window_and_forget_old_marks(int size)
    {
        var window = new ReplayWindow(size);
        for (uint s = 1; s <= 10; s++)
        {
            window.Update(s);
        }

        uint jump = (uint)size + 10_000;
        window.Update(jump);
        Assert.Equal(ReplayCheckResult.TooOld, window.Check(10, out _));
        Assert.Equal(ReplayCheckResult.Duplicate, window.Check(jump, out _));
        for (uint s = jump - (uint)size + 1; s < jump; s++)
        {
            Assert.Equal(ReplayCheckResult.Ok, window.Check(s, out _));
        }

        // A jump smaller than the window keeps the marks that stay inside.
        window.Update(jump - 5);
        window.Update(jump + 3);
        Assert.Equal(ReplayCheckResult.Duplicate, window.Check(jump - 5, out _));
        Assert.Equal(ReplayCheckResult.Duplicate, window.Check(jump, out _));
        Assert.Equal(ReplayCheckResult.Ok, window.Check(jump + 1, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1024)]
    [InlineData(4096)]
    public void Window_agrees_with_a_set_model_for_any_arrival_order(int size)
    {
        // Model: accept s if s > highest, or highest - s < size and s not yet received.
        var arrivals = Gen.UInt[1, (uint)(size * 4 + 8)].Array[1, 300];
        arrivals.Sample(sequence =>
        {
            var window = new ReplayWindow(size);
            var received = new HashSet<ulong>();
            ulong highest = 0;
            foreach (uint s in sequence)
            {
                var expected = s > highest ? ReplayCheckResult.Ok
                    : highest - s >= (ulong)size ? ReplayCheckResult.TooOld
                    : received.Contains(s) ? ReplayCheckResult.Duplicate : ReplayCheckResult.Ok;
                Assert.Equal(expected, window.Check(s, out ulong full));
                Assert.Equal(s, full);
                if (expected == ReplayCheckResult.Ok)
                {
                    window.Update(full);
                    received.Add(full);
                    highest = Math.Max(highest, full);
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void Esn_case_a_window_within_one_block()
    {
        // Appendix A2.2 Case A: Tl >= W - 1.
        var window = new ReplayWindow(64, extendedSequenceNumbers: true);
        window.Update(0x5_0000_1000UL);
        Assert.Equal(ReplayCheckResult.Ok, window.Check(0x1001, out ulong s));
        Assert.Equal(0x5_0000_1001UL, s);
        Assert.Equal(ReplayCheckResult.Ok, window.Check(0x0fc1, out s));
        Assert.Equal(0x5_0000_0fc1UL, s);

        // Below the window's bottom: assumed to be from the next block (the ICV decides).
        Assert.Equal(ReplayCheckResult.Ok, window.Check(0x0fc0, out s));
        Assert.Equal(0x6_0000_0fc0UL, s);
        Assert.Equal(ReplayCheckResult.Duplicate, window.Check(0x1000, out _));
    }

    [Fact]
    public void Esn_case_b_window_spans_the_block_boundary()
    {
        // Appendix A2.2 Case B: Tl < W - 1, the window reaches back into the previous 2^32 block.
        var window = new ReplayWindow(64, extendedSequenceNumbers: true);
        window.Update(0x1_0000_0010UL);
        Assert.Equal(ReplayCheckResult.Ok, window.Check(0xffff_fff0, out ulong s));
        Assert.Equal(0x0_ffff_fff0UL, s);
        Assert.Equal(ReplayCheckResult.Ok, window.Check(0x20, out s));
        Assert.Equal(0x1_0000_0020UL, s);
        window.Update(0x0_ffff_fff0UL);
        Assert.Equal(ReplayCheckResult.Duplicate, window.Check(0xffff_fff0, out _));

        // Below the window's bottom (0xffffffd1): the algorithm places it in the current block, far ahead; the ICV decides.
        Assert.Equal(ReplayCheckResult.Ok, window.Check(0xffff_ffd0, out s));
        Assert.Equal(0x1_ffff_ffd0UL, s);

        // With T in the first block, a number from "the previous block" cannot exist: too old.
        var first = new ReplayWindow(64, extendedSequenceNumbers: true);
        first.Update(5);
        Assert.Equal(ReplayCheckResult.TooOld, first.Check(0xffff_fff0, out _));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(4096)]
    public void Esn_inference_recovers_any_number_inside_or_ahead_of_the_window(int size)
    {
        // For a true sequence number s with T - W < s <= T + 2^31, the low 32 bits and the window give back s.
        var cases = Gen.Select(Gen.ULong[(ulong)size, 0x3_0000_0000UL], Gen.Long[-(size - 1), 1L << 31]);
        cases.Sample((top, delta) =>
        {
            var window = new ReplayWindow(size, extendedSequenceNumbers: true);
            window.Update(top);
            ulong truth = (ulong)((long)top + delta);
            var result = window.Check((uint)truth, out ulong inferred);
            Assert.Equal(truth, inferred);
            Assert.Equal(delta == 0 ? ReplayCheckResult.Duplicate : ReplayCheckResult.Ok, result);
        }, iter: 2000);
    }

    [Theory]
    [InlineData(EncryptionAlgorithm.AesGcm16, IntegrityAlgorithm.None)]
    [InlineData(EncryptionAlgorithm.AesCbc, IntegrityAlgorithm.HmacSha256128)]
    public void Esn_traffic_crosses_2_pow_32_with_reordering(EncryptionAlgorithm encryption, IntegrityAlgorithm integrity)
    {
        var (outbound, inbound) = TestSas.Pair(encryption, 128, integrity, esn: true);
        using (outbound)
        using (inbound)
        {
            const ulong start = 0xffff_fff0UL;
            outbound.SetNextSequenceNumber(start);
            inbound.ReplayWindow!.Update(start - 1);
            var packets = new List<byte[]>();
            for (int i = 0; i < 40; i++)
            {
                var packet = new byte[outbound.EncapsulatedLength(60)];
                Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(TestSas.Ipv4Packet(60), 4, packet, out _));
                packets.Add(packet);
            }

            Assert.Equal(start + 40, outbound.NextSequenceNumber);

            // Deliver in a shuffled order (all within the 64-packet window), then replay all.
            var order = Enumerable.Range(0, packets.Count).OrderBy(i => (i * 17) % 41).ToList();
            foreach (int i in order)
            {
                Assert.Equal(EspStatus.Ok, inbound.TryDecapsulate(packets[i].ToArray(), out var result));
                Assert.Equal(start + (ulong)i, result.SequenceNumber);
            }

            foreach (var packet in packets)
            {
                Assert.Equal(EspStatus.ReplayDuplicate, inbound.TryDecapsulate(packet.ToArray(), out _));
            }

            Assert.Equal(start + 39, inbound.ReplayWindow.Highest);
        }
    }

    [Fact]
    public void Esn_off_sequence_overflow_refuses_with_rekey_needed()
    {
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None);
        using (outbound)
        using (inbound)
        {
            outbound.SetNextSequenceNumber(uint.MaxValue);
            var packet = new byte[200];
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(TestSas.Ipv4Packet(60), 4, packet, out int written));
            Assert.Equal(uint.MaxValue, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)));
            inbound.ReplayWindow!.Update(uint.MaxValue - 1);
            Assert.Equal(EspStatus.Ok, inbound.TryDecapsulate(packet.AsSpan(0, written), out _));

            Assert.Equal(EspStatus.SequenceOverflow, outbound.TryEncapsulate(TestSas.Ipv4Packet(60), 4, packet, out _));
            Assert.Equal(EspStatus.SequenceOverflow, outbound.TryEncapsulate(TestSas.Ipv4Packet(60), 4, packet, out _));
            Assert.Equal(2, outbound.Counters.Drops(EspStatus.SequenceOverflow));
            var expiry = Assert.Single(outbound.CheckLifetime(TestSas.T0));
            Assert.Equal(Lifetimes.SaExpiryKind.Hard, expiry.Kind);
            Assert.Equal(Lifetimes.SaExpiryTrigger.SequenceNumbers, expiry.Trigger);
        }
    }

    [Fact]
    public void Esn_on_sequence_runs_to_2_pow_64_minus_1_then_refuses()
    {
        var (outbound, _) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, esn: true);
        using (outbound)
        {
            var packet = new byte[200];
            outbound.SetNextSequenceNumber(uint.MaxValue);
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(TestSas.Ipv4Packet(60), 4, packet, out _));
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(TestSas.Ipv4Packet(60), 4, packet, out _));
            Assert.Equal(0u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)));

            outbound.SetNextSequenceNumber(ulong.MaxValue);
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(TestSas.Ipv4Packet(60), 4, packet, out _));
            Assert.Equal(EspStatus.SequenceOverflow, outbound.TryEncapsulate(TestSas.Ipv4Packet(60), 4, packet, out _));
        }
    }
}
