using DotSwan.Wire.Ikev2;

namespace DotSwan.Interop.Tests;

/// <summary>
/// strongSwan ↔ strongSwan over IKEv2 in the lab, captured on A's veth and decoded with DotSwan: proves the harness
/// and our IKEv2 codec on fresh traffic (new SPIs, nonces and keys every run).
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class StrongSwanIkev2Tests(ITestOutputHelper output)
{
    [LabFact]
    public void Psk_tunnel_carries_ping_and_every_captured_message_decodes()
    {
        using var scope = new LabScope();
        var pair = scope.Add(new NetworkNamespacePair());
        var a = scope.Add(new StrongSwanInstance(pair.A, "a"));
        var b = scope.Add(new StrongSwanInstance(pair.B, "b"));
        PacketCapture? capture = null;
        try
        {
            // aes256gcm16-prfsha256-x25519 for IKE and aes128gcm16 for ESP are SwanctlConfig's defaults; spelled out here.
            a.Load(SwanctlConfig.Psk(pair.A, pair.B) with { Proposals = "aes256gcm16-prfsha256-x25519", EspProposals = "aes128gcm16" });
            b.Load(SwanctlConfig.Psk(pair.B, pair.A) with { Proposals = "aes256gcm16-prfsha256-x25519", EspProposals = "aes128gcm16" });
            capture = scope.Add(new PacketCapture(pair.A, pair.A.InterfaceName));

            var initiate = a.Initiate("net");
            Assert.True(initiate.Succeeded, initiate.ToString());
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            Assert.True(ping.Succeeded, ping.ToString());
            output.WriteLine(ping.StandardOutput);
            var listing = a.Swanctl("--list-sas").EnsureSuccess().StandardOutput;
            output.WriteLine(listing);
            var saA = Assert.Single(SwanctlIkeSa.Parse(listing));
            var saB = Assert.Single(b.ListSas());
            var child = Assert.Single(saA.Children);
            // The file lags the wire by up to a block of the kernel buffer: wait (bounded) for what strongSwan counted.
            capture.WaitUntil(d => EspSpis.Covers(d, child), TimeSpan.FromSeconds(5));
            var datagrams = capture.StopAndRead();

            Assert.Equal(("ESTABLISHED", "IKEv2"), (saA.State, saA.Version));
            Assert.Equal(("ESTABLISHED", "IKEv2"), (saB.State, saB.Version));
            Assert.Equal((saA.InitiatorSpi, saA.ResponderSpi), (saB.InitiatorSpi, saB.ResponderSpi));
            Assert.Equal("INSTALLED", child.State);

            // A retransmission (the machine may be busy) repeats a datagram byte for byte: count each message once.
            var ike = datagrams.Where(d => d.IsIke).DistinctBy(d => Convert.ToHexString(d.IkeMessage.Span)).ToList();
            Assert.True(ike.Count >= 4, $"expected IKE_SA_INIT and IKE_AUTH request and response, captured {ike.Count} IKE datagrams");
            var messages = new List<Ikev2Message>();
            foreach (var datagram in ike)
            {
                Assert.True(
                    Ikev2MessageCodec.TryDecode(datagram.IkeMessage.Span, out var message, out var error),
                    $"frame {datagram.Frame} ({datagram.Source}:{datagram.SourcePort}) does not decode: {error}");
                messages.Add(message!);
            }

            // The SPIs on the wire are the ones strongSwan reports (the responder's is zero only in the first request).
            Assert.All(messages, m => Assert.Equal(saA.InitiatorSpi, m.Header.InitiatorSpi));
            Assert.All(messages.Skip(1), m => Assert.Equal(saA.ResponderSpi, m.Header.ResponderSpi));

            var init = Assert.Single(messages, m => m.Header.ExchangeType == Ikev2ExchangeType.IkeSaInit && !m.Header.IsResponse);
            Assert.Equal(0UL, init.Header.ResponderSpi);
            var proposal = Assert.Single(Assert.Single(init.Payloads.OfType<SecurityAssociationPayload>()).Proposals);
            Assert.Equal(ProtocolId.Ike, proposal.ProtocolId);
            Assert.Contains(proposal.Transforms, t => t.Type == TransformType.EncryptionAlgorithm && t.Id == 20 && t.KeyLength == 256);
            Assert.Contains(proposal.Transforms, t => t.Type == TransformType.PseudorandomFunction && t.Id == 5);
            Assert.Contains(proposal.Transforms, t => t.Type == TransformType.KeyExchangeMethod && t.Id == 31);
            Assert.Equal(31, Assert.Single(init.Payloads.OfType<KeyExchangePayload>()).Group);
            Assert.Single(messages, m => m.Header.ExchangeType == Ikev2ExchangeType.IkeAuth && m.Header.IsResponse);
            // kernel-libipsec makes charon behave as if behind a NAT: IKE_AUTH already runs on port 4500 (non-ESP marker).
            Assert.All(
                ike.Zip(messages).Where(p => p.Second.Header.ExchangeType == Ikev2ExchangeType.IkeAuth),
                p => Assert.Equal((4500, 4500), (p.First.SourcePort, p.First.DestinationPort)));

            // The pings went through ESP in UDP with exactly the Child SA's SPIs, both ways.
            EspSpis.AssertMatch(datagrams, child);
            var esp = EspSpis.Of(datagrams);
            output.WriteLine(child.ToString());
            output.WriteLine(string.Join(", ", messages.Select(m => $"{m.Header.ExchangeType} {m.Header.MessageId} {(m.Header.IsResponse ? "response" : "request")}")));
            output.WriteLine($"IKE SA {saA.InitiatorSpi:x16}_i {saA.ResponderSpi:x16}_r, ESP {child.InboundSpi:x8}/{child.OutboundSpi:x8}: "
                + $"{ike.Count} IKE datagrams decoded, {esp.Count} ESP packets");
        }
        catch
        {
            output.WriteLine($"--- dumpcap ---\n{capture?.Diagnostics}");
            output.WriteLine(a.LogTail());
            output.WriteLine(b.LogTail());
            throw;
        }
    }
}
