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
        // aes256gcm16-prfsha256-x25519 for IKE and aes128gcm16 for ESP are SwanctlConfig's defaults; spelled out here.
        StrongSwanPairCapture.Run(output, config => config with { Proposals = "aes256gcm16-prfsha256-x25519", EspProposals = "aes128gcm16" }, tunnel =>
        {
            var (saA, saB, ike) = (tunnel.SaA, tunnel.SaB, tunnel.Ike);
            Assert.Equal(("ESTABLISHED", "IKEv2"), (saA.State, saA.Version));
            Assert.Equal(("ESTABLISHED", "IKEv2"), (saB.State, saB.Version));
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
            output.WriteLine(string.Join(", ", messages.Select(m => $"{m.Header.ExchangeType} {m.Header.MessageId} {(m.Header.IsResponse ? "response" : "request")}")));
        });
    }
}
