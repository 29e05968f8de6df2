using DotSwan.Wire.Ikev1;

namespace DotSwan.Interop.Tests;

/// <summary>
/// strongSwan ↔ strongSwan over IKEv1 (Main Mode + Quick Mode with PFS, PSK) in the lab, captured on A's veth and
/// decoded with DotSwan's ISAKMP codec.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class StrongSwanIkev1Tests(ITestOutputHelper output)
{
    [LabFact]
    public void Main_and_quick_mode_tunnel_carries_ping_and_every_captured_message_decodes()
    {
        // As the lab's ikev1 scenario: the DH group in the ESP proposal gives Quick Mode PFS.
        StrongSwanPairCapture.Run(output, config => config with { Version = 1, Proposals = "aes128-sha256-modp2048", EspProposals = "aes128-sha256-modp2048" }, tunnel =>
        {
            var (saA, saB, ike) = (tunnel.SaA, tunnel.SaB, tunnel.Ike);
            Assert.Equal(("ESTABLISHED", "IKEv1"), (saA.State, saA.Version));
            Assert.Equal(("ESTABLISHED", "IKEv1"), (saB.State, saB.Version));
            Assert.True(ike.Count >= 9, $"expected six Main Mode and three Quick Mode messages, captured {ike.Count} IKE datagrams");
            var messages = new List<IsakmpMessage>();
            foreach (var datagram in ike)
            {
                Assert.True(
                    IsakmpMessageCodec.TryDecode(datagram.IkeMessage, out var message, out var error),
                    $"frame {datagram.Frame} ({datagram.Source}:{datagram.SourcePort}) does not decode: {error}");
                messages.Add(message);
            }

            // The cookies on the wire are the ones strongSwan reports (CKY-R is zero only in the first message).
            Assert.All(messages, m => Assert.Equal(saA.InitiatorSpi, m.Header.InitiatorCookie));
            Assert.All(messages.Skip(1), m => Assert.Equal(saA.ResponderSpi, m.Header.ResponderCookie));

            var mainMode = messages.Where(m => m.Header.ExchangeType == IsakmpExchangeType.IdentityProtection).ToList();
            Assert.Equal(6, mainMode.Count);
            Assert.Equal(3, messages.Count(m => m.Header.ExchangeType == IsakmpExchangeType.QuickMode && m.IsEncrypted));
            var first = mainMode[0];
            Assert.Equal(0UL, first.Header.ResponderCookie);
            Assert.False(first.IsEncrypted);
            var proposal = Assert.Single(Assert.Single(first.Payloads.OfType<SecurityAssociationPayload>()).Proposals);
            Assert.Equal(IpsecProtocolId.Isakmp, proposal.ProtocolId);
            Assert.Contains(proposal.Transforms, t =>
                t.TransformId == Transform.KeyIke
                && Value(t, Phase1AttributeType.EncryptionAlgorithm) == (ulong)Phase1EncryptionAlgorithm.AesCbc
                && Value(t, Phase1AttributeType.KeyLength) == 128
                && Value(t, Phase1AttributeType.HashAlgorithm) == (ulong)Phase1HashAlgorithm.Sha256
                && Value(t, Phase1AttributeType.AuthenticationMethod) == (ulong)Ikev1AuthMethod.PreSharedKey
                && Value(t, Phase1AttributeType.GroupDescription) == 14);
            output.WriteLine(string.Join(", ", messages.Select(m => $"{m.Header.ExchangeType} {m.Header.MessageId} {(m.IsEncrypted ? "encrypted" : "clear")}")));
        });
    }

    private static ulong? Value(Transform transform, Phase1AttributeType type) =>
        transform.Find(type) is { } attribute && attribute.TryGetInteger(out ulong value) ? value : null;
}
