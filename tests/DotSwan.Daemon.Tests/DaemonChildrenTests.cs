using System.Buffers.Binary;
using System.Net;
using DotSwan.Daemon.Control;

namespace DotSwan.Daemon.Tests;

/// <summary>
/// Connections with two children on two real daemons (loopback, memory data plane): one IKE SA carries both Child SAs,
/// each child carries its own traffic, down and up work per child, and a reload that adds or removes a child leaves the
/// other children's SAs alone.
/// </summary>
public sealed class DaemonChildrenTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private const string VoiceA = """
              voice:
                local_ts: 10.11.0.0/24
                remote_ts: 10.12.0.0/24
                esp_proposals: aes256gcm16-x25519

        """;

    private const string VoiceB = """
              voice:
                local_ts: 10.12.0.0/24
                remote_ts: 10.11.0.0/24
                esp_proposals: aes256gcm16-x25519, aes128gcm16-x25519

        """;

    private const string VideoA = """
              video:
                local_ts: 10.21.0.0/24
                remote_ts: 10.22.0.0/24
                start_action: start

        """;

    private const string VideoB = """
              video:
                local_ts: 10.22.0.0/24
                remote_ts: 10.21.0.0/24

        """;

    [Fact]
    public async Task Up_brings_both_children_up_over_one_IKE_SA_and_each_carries_its_own_traffic()
    {
        await using var pair = new LoopbackPair(childExtraA: VoiceA, childExtraB: VoiceB);
        var b = pair.StartB();
        var a = pair.StartA();

        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.True(up.Ok, up.Message);
        string id = Assert.Single(up.ResultAs<ActionResult>()!.IkeSas);
        Assert.Matches("^established, Child SA net in 0x[0-9a-f]{8} out 0x[0-9a-f]{8}, Child SA voice in 0x[0-9a-f]{8} out 0x[0-9a-f]{8}$",
            up.ResultAs<ActionResult>()!.Detail);

        var ikeA = Assert.Single((await Status(pair.SocketA)).IkeSas);
        await WaitFor(async () => Assert.Single((await Status(pair.SocketB)).IkeSas).Children.Count == 2);
        var ikeB = Assert.Single((await Status(pair.SocketB)).IkeSas);
        Assert.Equal((id, id), (ikeA.Id, ikeB.Id));
        var childrenA = ikeA.Children.ToDictionary(c => c.Name);
        var childrenB = ikeB.Children.ToDictionary(c => c.Name);
        Assert.Equal(["lab/net", "lab/voice"], childrenA.Keys.Order());
        Assert.Equal(["lab/net", "lab/voice"], childrenB.Keys.Order());
        Assert.Equal(("AesGcm16/128", "AesGcm16/256"), (childrenA["lab/net"].Algorithms, childrenA["lab/voice"].Algorithms));
        Assert.Equal(["10.11.0.0/24"], childrenA["lab/voice"].LocalTs);
        Assert.Equal(["10.11.0.0/24"], childrenB["lab/voice"].RemoteTs);
        foreach (string name in childrenA.Keys)
        {
            Assert.Equal((childrenA[name].InboundSpi, childrenA[name].OutboundSpi), (childrenB[name].OutboundSpi, childrenB[name].InboundSpi));
        }

        // Each child's traffic leaves under its own SPI and arrives intact.
        var net = Packet("10.1.0.5", "10.2.0.5");
        var voice = Packet("10.11.0.5", "10.12.0.5");
        var outer = await a.Runtime!.ProtectAsync([net, voice]);
        Assert.Equal(2, outer.Count);
        Assert.Equal(childrenA["lab/net"].OutboundSpi, Spi(outer[0]));
        Assert.Equal(childrenA["lab/voice"].OutboundSpi, Spi(outer[1]));
        var delivered = await b.Runtime!.DeliverAsync(outer);
        Assert.Equal([net, voice], delivered);

        // Traffic of no child is not protected.
        Assert.Empty(await a.Runtime.ProtectAsync([Packet("10.31.0.5", "10.32.0.5")]));
    }

    [Fact]
    public async Task Down_and_up_of_one_child_leave_the_other_child_and_the_IKE_SA_alone()
    {
        await using var pair = new LoopbackPair(childExtraA: VoiceA, childExtraB: VoiceB);
        pair.StartB();
        pair.StartA();
        Assert.True((await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab"), Timeout)).Ok);
        var before = Assert.Single((await Status(pair.SocketA)).IkeSas);
        var net = before.Children.Single(c => c.Name == "lab/net");

        var down = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("down", "lab/voice"), Timeout);
        Assert.True(down.Ok, down.Message);
        Assert.Equal("sent Delete for 1 Child SA(s) of lab/voice", down.ResultAs<ActionResult>()!.Detail);
        await WaitFor(async () => Assert.Single((await Status(pair.SocketB)).IkeSas).Children.Count == 1);
        var after = Assert.Single((await Status(pair.SocketA)).IkeSas);
        Assert.Equal((before.Id, "established"), (after.Id, after.State));
        Assert.Equal(net.InboundSpi, Assert.Single(after.Children).InboundSpi);

        // A child name alone works when only one connection has it.
        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "voice"), Timeout);
        Assert.True(up.Ok, up.Message);
        Assert.Equal([before.Id], up.ResultAs<ActionResult>()!.IkeSas);
        var again = Assert.Single((await Status(pair.SocketA)).IkeSas);
        Assert.Equal(["lab/net", "lab/voice"], again.Children.Select(c => c.Name).Order());
        Assert.Equal(net.InboundSpi, again.Children.Single(c => c.Name == "lab/net").InboundSpi);

        var unknown = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("down", "lab/nothing"), Timeout);
        Assert.Equal(ControlErrorCodes.NotFound, unknown.Error);
    }

    [Fact]
    public async Task Reload_adds_and_removes_a_child_without_touching_the_other_children()
    {
        await using var pair = new LoopbackPair(childExtraA: VoiceA, childExtraB: VoiceB + VideoB);
        pair.StartB();
        pair.StartA();
        Assert.True((await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab"), Timeout)).Ok);
        var before = Assert.Single((await Status(pair.SocketA)).IkeSas);
        var spis = before.Children.ToDictionary(c => c.Name, c => c.InboundSpi);

        // Add video (start_action start): it comes up over the same IKE SA.
        string original = File.ReadAllText(pair.ConfigA);
        File.WriteAllText(pair.ConfigA, original.Replace(VoiceA, VoiceA + VideoA, StringComparison.Ordinal));
        var reload = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("reload"), Timeout);
        Assert.True(reload.Ok, reload.Message);
        Assert.Equal("changed lab: added child video", reload.ResultAs<ActionResult>()!.Detail);
        await WaitFor(async () => Assert.Single((await Status(pair.SocketA)).IkeSas).Children.Count == 3);
        var added = Assert.Single((await Status(pair.SocketA)).IkeSas);
        Assert.Equal(before.Id, added.Id);
        Assert.Equal(spis["lab/net"], added.Children.Single(c => c.Name == "lab/net").InboundSpi);
        Assert.Equal(spis["lab/voice"], added.Children.Single(c => c.Name == "lab/voice").InboundSpi);
        Assert.Equal(["10.21.0.0/24"], added.Children.Single(c => c.Name == "lab/video").LocalTs);

        // Remove voice: its Child SA goes on both sides, net and video stay.
        File.WriteAllText(pair.ConfigA, original.Replace(VoiceA, VideoA, StringComparison.Ordinal));
        reload = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("reload"), Timeout);
        Assert.True(reload.Ok, reload.Message);
        Assert.Equal("changed lab: removed child voice (1 Child SA(s) deleted)", reload.ResultAs<ActionResult>()!.Detail);
        await WaitFor(async () => Assert.Single((await Status(pair.SocketB)).IkeSas).Children.Count == 2);
        var removed = Assert.Single((await Status(pair.SocketA)).IkeSas);
        Assert.Equal(before.Id, removed.Id);
        Assert.Equal(["lab/net", "lab/video"], removed.Children.Select(c => c.Name).Order());
        Assert.Equal(spis["lab/net"], removed.Children.Single(c => c.Name == "lab/net").InboundSpi);
        Assert.DoesNotContain(pair.Log.Lines, l => l.Contains($"IKE SA {before.Id} deleted", StringComparison.Ordinal));
    }

    private static byte[] Packet(string source, string destination)
    {
        // IPv4 + UDP 4000 -> 5000 with an 8-byte payload.
        var packet = new byte[36];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = 17;
        IPAddress.Parse(source).TryWriteBytes(packet.AsSpan(12), out _);
        IPAddress.Parse(destination).TryWriteBytes(packet.AsSpan(16), out _);
        uint sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(i));
        }

        sum = (sum & 0xffff) + (sum >> 16);
        sum = (sum & 0xffff) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), (ushort)~sum);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), 4000);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), 5000);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), 16);
        "children"u8.CopyTo(packet.AsSpan(28));
        return packet;
    }

    // The memory data plane's outer packets are IPv4 + ESP (SPI first in the ESP header).
    private static string Spi(byte[] outer) => BinaryPrimitives.ReadUInt32BigEndian(outer.AsSpan((outer[0] & 0x0f) * 4)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<StatusReport> Status(string socket) =>
        (await ControlClient.SendAsync(socket, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!;

    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("condition not met within 10 s");
    }
}
