using System.Net;
using System.Text;
using DotSwan.Cli.Decode;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.KeyLog;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ipsec.KeyLog;
using DotSwan.Wire.Capture;

namespace DotSwan.Cli.Tests;

/// <summary>The IKE SA keys the engine logs (Ikev2Connection.LogKeys) decrypt every protected message of its exchanges, also after an IKE rekey.</summary>
public sealed class EngineKeyLogDecodeTests
{
    private static readonly IPEndPoint West = new(IPAddress.Parse("192.0.2.1"), 500);
    private static readonly IPEndPoint East = new(IPAddress.Parse("192.0.2.2"), 500);

    [Theory]
    [InlineData("aes256gcm16-prfsha256-x25519")]
    [InlineData("aes128-sha256-modp2048")]
    public void The_decoder_decrypts_a_capture_of_the_exchanges_with_the_logged_keys(string ike)
    {
        using var psk = SecretBytes.CopyOf(Encoding.UTF8.GetBytes("a-long-enough-secret-0123456789"));
        var west = Connection("west", West, East, "west.example.org", "east.example.org", psk, ike);
        var east = Connection("east", East, West, "east.example.org", "west.example.org", psk, ike);
        using var westEngine = new Ikev2Engine([west], new SeededRandomSource(3));
        using var eastEngine = new Ikev2Engine([east], new SeededRandomSource(4));
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var capture = new List<CapturedDatagram>();
        var keys = new List<Ikev2DecryptionTableEntry>();
        var established = new List<IkeSaId>();

        Shuttle(westEngine.Initiate(west, now, out var id), westEngine, eastEngine, now, capture, keys, established);
        Assert.Single(established);
        Shuttle(westEngine.RekeyIkeSa(established[0], now), westEngine, eastEngine, now, capture, keys, established);
        // Traffic on the rekeyed SA: a Child SA rekey.
        var renewed = established[1];
        Shuttle(westEngine.RekeyChildSa(renewed, westEngine.GetChildSas(renewed)[0].InboundSpi, now), westEngine, eastEngine, now, capture, keys, established);

        // West and east each log the original and the rekeyed SA; the table needs one line per SA.
        var table = keys.DistinctBy(k => k.Format()).ToList();
        Assert.Equal(2, table.Count);
        Assert.Equal(id.InitiatorSpi, table[0].InitiatorSpi);
        var output = new StringWriter();
        using var decoder = new CaptureDecoder(output, table, Array.Empty<EspSaTableEntry>());
        decoder.Decode(capture);
        // IKE_AUTH, the IKE rekey's CREATE_CHILD_SA and the old SA's INFORMATIONAL delete (old keys), then the Child SA
        // rekey's CREATE_CHILD_SA and the old Child SA's delete (new keys): five encrypted request/response pairs.
        Assert.Equal((10, 0, 0), (decoder.Decrypted, decoder.WithoutKeys, decoder.Failures));

        using var withoutRekeyed = new CaptureDecoder(new StringWriter(), [table[0]], Array.Empty<EspSaTableEntry>());
        withoutRekeyed.Decode(capture);
        Assert.Equal((6, 4), (withoutRekeyed.Decrypted, withoutRekeyed.WithoutKeys));
    }

    private static void Shuttle(IReadOnlyList<EngineOutput> first, Ikev2Engine west, Ikev2Engine east, DateTimeOffset now,
        List<CapturedDatagram> capture, List<Ikev2DecryptionTableEntry> keys, List<IkeSaId> established)
    {
        var queue = new Queue<EngineOutput>(first);
        for (int steps = 0; queue.Count > 0 && steps < 200; steps++)
        {
            switch (queue.Dequeue())
            {
                case SendDatagram send:
                    var payload = send.Datagram.ToArray();
                    capture.Add(new CapturedDatagram(capture.Count + 1, now, send.Local.Address, send.Remote.Address, send.Local.Port, send.Remote.Port, payload));
                    var to = send.Remote.Equals(East) ? east : west;
                    foreach (var output in to.Receive(payload, send.Remote, send.Local, now)) { queue.Enqueue(output); }
                    break;
                case IkeSaKeysDerived derived:
                    keys.Add(derived.Entry);
                    break;
                case IkeSaEstablished done when done.IsInitiator:
                    established.Add(done.IkeSa);
                    break;
                case IkeSaRekeyed rekeyed when rekeyed.WeInitiated:
                    established.Add(rekeyed.NewIkeSa);
                    break;
            }
        }
        Assert.Empty(queue);
    }

    private static Ikev2Connection Connection(string name, IPEndPoint local, IPEndPoint remote, string localId, string remoteId, SecretBytes psk, string ike) =>
        new(name, local, remote, IkeIdentity.Parse(localId), IkeIdentity.Parse(remoteId), psk, ProposalParser.ParseList(ike, ProposalProtocol.Ike),
            ProposalParser.ParseList("aes128gcm16", ProposalProtocol.Esp),
            [TrafficSelector.FromSubnet(IPAddress.Parse(name == "west" ? "10.1.0.0" : "10.2.0.0"), 16)],
            [TrafficSelector.FromSubnet(IPAddress.Parse(name == "west" ? "10.2.0.0" : "10.1.0.0"), 16)]) { LogKeys = true };
}
