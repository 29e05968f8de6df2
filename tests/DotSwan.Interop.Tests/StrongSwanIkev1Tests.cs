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
        using var scope = new LabScope();
        var pair = scope.Add(new NetworkNamespacePair());
        var a = scope.Add(new StrongSwanInstance(pair.A, "a"));
        var b = scope.Add(new StrongSwanInstance(pair.B, "b"));
        PacketCapture? capture = null;
        try
        {
            // As the lab's ikev1 scenario: the DH group in the ESP proposal gives Quick Mode PFS.
            a.Load(Ikev1(SwanctlConfig.Psk(pair.A, pair.B)));
            b.Load(Ikev1(SwanctlConfig.Psk(pair.B, pair.A)));
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

            Assert.Equal(("ESTABLISHED", "IKEv1"), (saA.State, saA.Version));
            Assert.Equal(("ESTABLISHED", "IKEv1"), (saB.State, saB.Version));
            Assert.Equal((saA.InitiatorSpi, saA.ResponderSpi), (saB.InitiatorSpi, saB.ResponderSpi));
            Assert.Equal("INSTALLED", child.State);

            // A retransmission (the machine may be busy) repeats a datagram byte for byte: count each message once.
            var ike = datagrams.Where(d => d.IsIke).DistinctBy(d => Convert.ToHexString(d.IkeMessage.Span)).ToList();
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

            EspSpis.AssertMatch(datagrams, child);
            var esp = EspSpis.Of(datagrams);
            output.WriteLine(child.ToString());
            output.WriteLine(string.Join(", ", messages.Select(m => $"{m.Header.ExchangeType} {m.Header.MessageId} {(m.IsEncrypted ? "encrypted" : "clear")}")));
            output.WriteLine($"IKE SA {saA.InitiatorSpi:x16}_i {saA.ResponderSpi:x16}_r, ESP {child.InboundSpi:x8}/{child.OutboundSpi:x8}: "
                + $"{ike.Count} ISAKMP datagrams decoded, {esp.Count} ESP packets");
        }
        catch
        {
            output.WriteLine($"--- dumpcap ---\n{capture?.Diagnostics}");
            output.WriteLine(a.LogTail());
            output.WriteLine(b.LogTail());
            throw;
        }
    }

    private static SwanctlConfig Ikev1(SwanctlConfig config) =>
        config with { Version = 1, Proposals = "aes128-sha256-modp2048", EspProposals = "aes128-sha256-modp2048" };

    private static ulong? Value(Transform transform, Phase1AttributeType type) =>
        transform.Find(type) is { } attribute && attribute.TryGetInteger(out ulong value) ? value : null;
}
