using CsCheck;
using DotSwan.Ipsec.Driver;
using DotSwan.Ipsec.Tests.Spd;

namespace DotSwan.Ipsec.Tests.Driver;

/// <summary>Random and mutated packets into both data path entry points: a typed result, never an exception.</summary>
public sealed class MemoryIpsecDriverFuzzTests
{
    [Fact]
    public void Random_bytes_never_throw_and_are_never_delivered()
    {
        using var pair = new DriverPair();
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            var inbound = pair.B.ProcessInbound(bytes.ToArray());
            Assert.NotEqual(InboundAction.Delivered, inbound.Action);
            var outbound = pair.A.ProcessOutbound(bytes, new byte[400]);
            Assert.True(outbound.Action != OutboundAction.Dropped || outbound.Reason != DropReason.None);
        }, iter: 3000);
    }

    [Fact]
    public void Mutated_copies_of_a_received_esp_packet_are_never_delivered()
    {
        using var pair = new DriverPair(udp: true);
        var inner = SpdPackets.Packet("10.1.0.5", "10.2.0.9", payload: 64);
        var valid = DriverPair.Send(pair.A, inner);
        Assert.Equal(InboundAction.Delivered, DriverPair.Receive(pair.B, valid).Result.Action);
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte[1, 255], Gen.Int[0, valid.Length]).Sample((position, xor, length) =>
        {
            var mutated = valid.ToArray();
            mutated[position] ^= xor;
            var buffer = mutated[..length];
            var result = pair.B.ProcessInbound(buffer);

            // The original was received first: a mutation outside the ICV's reach (outer header fields) is a replay,
            // any other is a bad ICV, an unknown SPI or a malformed packet.
            Assert.NotEqual(InboundAction.Delivered, result.Action);
        }, iter: 3000);
    }
}
