using System.Globalization;
using System.Text;
using DotSwan.Crypto;
using DotSwan.Daemon.Control;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Cli.Demo;

/// <summary>
/// The IKEv1 half of the demo (the daemon speaks IKEv2 only): two <see cref="Ikev1Node"/>s, "west" initiating Main Mode
/// and Quick Mode with PSK to "east", over real UDP sockets on 127.0.0.1, driven by one bounded loop.
/// </summary>
internal sealed class Ikev1DemoPair : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);
    private readonly SecretBytes _psk = SecretBytes.CopyOf(Encoding.UTF8.GetBytes(DemoConfiguration.Psk));

    public Ikev1DemoPair()
    {
        West.Configure(Connection("west", "east", West, East, "10.1.0.0", "10.2.0.0"));
        East.Configure(Connection("east", "west", East, West, "10.2.0.0", "10.1.0.0"));
    }

    public Ikev1Node West { get; } = new("west");

    public Ikev1Node East { get; } = new("east");

    /// <summary>Main Mode and Quick Mode from west; the ISAKMP SA once both sides have the IPsec SA pair.</summary>
    public async Task<IkeSaId> UpAsync()
    {
        West.Handle(West.Engine.Initiate(West.Connection, DateTimeOffset.UtcNow, out var id));
        await PumpAsync("IKEv1 Main Mode and Quick Mode", () => West.Events.OfType<IkeSaEstablished>().Any() && PairedChildren() is not null).ConfigureAwait(false);
        return id;
    }

    /// <summary>West's and east's inbound SPIs when each side has exactly one IPsec SA pair and they mirror; else null.</summary>
    public (uint West, uint East)? PairedChildren() =>
        West.Children.Count == 1 && East.Children.Count == 1
        && West.OutboundOf(West.Children.First()) == East.Children.First() && East.OutboundOf(East.Children.First()) == West.Children.First()
            ? (West.Children.First(), East.Children.First()) : null;

    /// <summary>Sends <paramref name="count"/> packets each way; the packets delivered intact each way.</summary>
    public (int WestToEast, int EastToWest) Traffic(int count) =>
        (Move(West, East, DemoPackets.Udp(Ikev2DaemonPair.WestHost, Ikev2DaemonPair.EastHost, count, "v1 west->east")),
         Move(East, West, DemoPackets.Udp(Ikev2DaemonPair.EastHost, Ikev2DaemonPair.WestHost, count, "v1 east->west")));

    /// <summary>West rekeys its IPsec SA with a new Quick Mode; the new inbound SPIs once the old pair is deleted on both sides.</summary>
    public async Task<(uint West, uint East)> RekeyAsync()
    {
        var (oldWest, _) = PairedChildren() ?? throw new DemoFailedException("IKEv1: no IPsec SA to rekey");
        West.Handle(West.Engine.RekeyChildSa(oldWest, DateTimeOffset.UtcNow));
        await PumpAsync("IKEv1 Quick Mode rekey", () => PairedChildren() is { } p && p.West != oldWest).ConfigureAwait(false);
        return PairedChildren()!.Value;
    }

    /// <summary>West deletes the IPsec SAs and the ISAKMP SA (Informational with Delete); returns once east removed them too.</summary>
    public async Task DownAsync(IkeSaId id)
    {
        West.Handle(West.Engine.Delete(id, DateTimeOffset.UtcNow));
        await PumpAsync("IKEv1 Delete", () => East.Events.OfType<IkeSaDeleted>().Any() && West.Children.Count == 0 && East.Children.Count == 0).ConfigureAwait(false);
    }

    public void Dispose()
    {
        West.Dispose();
        East.Dispose();
        _psk.Dispose();
    }

    private Ikev1Connection Connection(string self, string peer, Ikev1Node local, Ikev1Node remote, string localNet, string remoteNet) => new(
        "demo-v1", local.EndPoint, remote.EndPoint, IkeIdentity.Parse($"{self}.demo.example"), IkeIdentity.Parse($"{peer}.demo.example"), _psk,
        ProposalParser.ParseList("aes256-sha256-modp2048", ProposalProtocol.Ike), ProposalParser.ParseList("aes128-sha256", ProposalProtocol.Esp),
        [TrafficSelector.FromSubnet(System.Net.IPAddress.Parse(localNet), 24)], [TrafficSelector.FromSubnet(System.Net.IPAddress.Parse(remoteNet), 24)]);

    private static int Move(Ikev1Node from, Ikev1Node to, IReadOnlyList<byte[]> packets)
    {
        var outer = from.Protect(packets);
        var delivered = to.Deliver(outer);
        if (!DemoPackets.Same(packets, delivered))
        {
            throw new DemoFailedException(string.Create(CultureInfo.InvariantCulture,
                $"IKEv1 traffic {from.Name}->{to.Name}: {packets.Count} packets sent, {outer.Count} encrypted, {delivered.Count} decrypted intact"));
        }

        return delivered.Count;
    }

    private async Task PumpAsync(string what, Func<bool> done)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (!done())
        {
            if (West.Events.Concat(East.Events).OfType<IkeSaFailed>().FirstOrDefault() is { } failed)
            {
                throw new DemoFailedException($"{what} failed: {failed.Kind}: {failed.Reason}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DemoFailedException($"{what}: not finished after {StepTimeout.TotalSeconds:0} s");
            }

            var now = DateTimeOffset.UtcNow;
            bool busy = West.Poll(now) | East.Poll(now);
            if (!busy)
            {
                await Task.Delay(1).ConfigureAwait(false);
            }
        }
    }
}
