using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DotSwan.Crypto;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.KeyLog;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Wire.Tests.Ikev2;

/// <summary>
/// The inner payload chains of the captures' SK and SKF payloads: opened with <see cref="SkProtection"/> and the lab's
/// exported keys (AES-GCM, RFC 5282; SKF fragments reassembled per RFC 7383), decoded with <see cref="Ikev2PayloadChain.TryDecode"/>,
/// checked against tshark's decrypted decode, and re-encoded byte for byte.
/// </summary>
public sealed partial class Ikev2DecryptedCaptureTests
{
    /// <summary>Capture, and whether tshark could decrypt it: its rekey decode used the wrong one of two key rows for the same SPIs and lacks the rekeyed SA, so there only our decryption runs.</summary>
    public static TheoryData<string, bool> Captures => new() { { "psk", true }, { "cert", true }, { "natt", true }, { "rekey", false }, { "rekey-collision", true } };

    private static string PathOf(string name) => PcapFile.PathOf(name);

    [Theory]
    [MemberData(nameof(Captures))]
    public void Inner_payload_chains_match_tshark_and_re_encode_exactly(string capture, bool tsharkDecrypted)
    {
        var keys = File.ReadAllLines(PathOf(capture + ".ikev2_decryption_table"))
            .Where(l => l.Length > 0)
            .Select(l => { Assert.True(Ikev2DecryptionTableEntry.TryParse(l, out var e, out var err), err); return e!; })
            .ToList();
        var frames = TsharkDecode.ReadFrames(PathOf(capture + ".decrypted.txt"));
        var fragments = new Dictionary<(ulong, uint, bool), SortedDictionary<int, (Ikev2PayloadType First, byte[] Plain)>>();
        int chainsDecoded = 0;
        int chainsCompared = 0;
        foreach (var datagram in PcapFile.ReadUdp(PcapFile.PathOf(capture + ".pcap")).Where(d => d.IsIke))
        {
            var bytes = datagram.IkeMessage.ToArray();
            Assert.True(Ikev2MessageCodec.TryDecode(bytes, out var message, out var error), error.ToString());
            var outerNode = TsharkDecode.Isakmp(frames[datagram.Frame])!.All("Payload").Last();
            switch (message!.Payloads[^1])
            {
                case EncryptedPayload sk:
                {
                    int start = bytes.Length - 4 - sk.Body.Length;
                    var plain = TryDecrypt(message.Header, keys, bytes, start + 4);
                    Assert.True(plain is not null || !VerifiedByTshark(outerNode), $"frame {datagram.Frame}: tshark decrypted it, we could not");
                    if (plain is null) { break; }
                    var inner = plain;
                    chainsDecoded++;
                    if (!VerifiedByTshark(outerNode))
                    {
                        CheckChain(sk.FirstInnerPayload, inner, start + 4 + 8, null);
                        break;
                    }
                    // An empty chain (an INFORMATIONAL liveness check or its answer) has no "Contained Data" line.
                    var contained = outerNode.Children.Single(c => c.Label.StartsWith("Decrypted Data", StringComparison.Ordinal))
                        .Children.SingleOrDefault(c => c.Label.StartsWith("Contained Data", StringComparison.Ordinal));
                    Assert.Equal(inner.Length == 0 ? null : $"Contained Data ({inner.Length} bytes)", contained?.Label);
                    CheckChain(sk.FirstInnerPayload, inner, start + 4 + 8, contained?.All("Payload").ToList() ?? []);
                    chainsCompared++;
                    break;
                }
                case EncryptedFragmentPayload skf:
                {
                    int start = bytes.Length - 8 - skf.Body.Length;
                    var plain = TryDecrypt(message.Header, keys, bytes, start + 8);
                    Assert.True(plain is not null, $"frame {datagram.Frame}: no key decrypts this fragment");
                    var key = (message.Header.InitiatorSpi, message.Header.MessageId, message.Header.IsResponse);
                    if (!fragments.TryGetValue(key, out var parts)) { fragments[key] = parts = []; }
                    parts[skf.FragmentNumber] = (skf.FirstInnerPayload, plain!);
                    if (parts.Count == skf.TotalFragments)
                    {
                        // Reassembled: the chain starts with fragment 1's Next Payload; tshark shows it under the last fragment.
                        var whole = parts.Values.SelectMany(p => p.Plain).ToArray();
                        CheckChain(parts[1].First, whole, 0, outerNode.All("Payload").ToList());
                        chainsDecoded++;
                        chainsCompared++;
                    }
                    break;
                }
            }
        }
        Assert.True(chainsDecoded >= 2, $"only {chainsDecoded} inner chains decrypted");
        Assert.True(tsharkDecrypted ? chainsCompared >= 2 : chainsCompared == 0, $"{chainsCompared} inner chains compared with tshark");
    }

    /// <summary>tshark had the right key for this message (some rekey-collision messages use keys the table lacks).</summary>
    private static bool VerifiedByTshark(TsharkNode encrypted) =>
        encrypted.All("Integrity Checksum Data").SingleOrDefault()?.Value.Contains("[correct]", StringComparison.Ordinal) == true;

    /// <summary>Opens the SK/SKF body starting at <paramref name="bodyOffset"/> with each logged key row for the SA; the inner chain, or null.</summary>
    private static byte[]? TryDecrypt(Ikev2Header header, List<Ikev2DecryptionTableEntry> keys, byte[] message, int bodyOffset)
    {
        foreach (var entry in keys.Where(k => k.InitiatorSpi == header.InitiatorSpi && k.ResponderSpi == header.ResponderSpi))
        {
            var material = header.IsInitiator ? entry.EncryptionKeyInitiator : entry.EncryptionKeyResponder;
            Assert.True(TransformRegistry.Default.TryCreateAead(entry.Encryption, entry.EncryptionKeyLengthBits, material, out var aead, out var error), error.ToString());
            using var protection = new SkProtection(aead!);
            var plain = new byte[message.Length - bodyOffset];
            if (protection.TryOpen(message, bodyOffset, plain, out int length, out _))
            {
                return plain[..length];
            }
        }
        return null;
    }

    /// <summary>Decodes with both layers and re-encodes; compares with tshark's nodes when given.</summary>
    private static void CheckChain(Ikev2PayloadType first, byte[] inner, int baseOffset, List<TsharkNode>? nodes)
    {
        Assert.True(Ikev2PayloadChain.TryDecode(first, inner, baseOffset, out var payloads, out var error), error.ToString());
        var view = new Ikev2MessageView();
        Assert.True(view.TryParsePayloads(first, inner, baseOffset, out error), error.ToString());
        Assert.Equal(payloads.Count, view.Count);
        Assert.Equal(nodes?.Count ?? payloads.Count, payloads.Count);
        for (int i = 0; nodes is not null && i < nodes.Count; i++)
        {
            var node = nodes[i];
            var payload = payloads[i];
            Assert.Equal(Number(node.Value), (int)payload.PayloadType);
            Assert.Equal(node.Children.Single(c => c.Label.EndsWith("Critical Bit", StringComparison.Ordinal)).Label.StartsWith('1'), payload.Critical);
            Assert.Equal(Int(node["Payload length"]), 4 + payload.BodyLength);
            Assert.Equal(Number(node["Next payload"]), i + 1 < payloads.Count ? (int)payloads[i + 1].PayloadType : 0);
            CheckPayload(payload, node);
        }
        var encoded = new byte[Ikev2PayloadChain.GetEncodedLength(payloads)];
        Ikev2PayloadChain.Encode(payloads, encoded);
        Assert.Equal(Convert.ToHexString(inner), Convert.ToHexString(encoded));
    }

    private static void CheckPayload(Ikev2Payload payload, TsharkNode node)
    {
        switch (payload)
        {
            case IdentificationPayload id:
                Assert.Equal(Number(node["ID type"]), (int)id.IdType);
                if (id.IdType == IdType.Fqdn)
                {
                    var data = node.Children.Single(c => c.Text.StartsWith("Identification Data:", StringComparison.Ordinal)).Text["Identification Data:".Length..];
                    Assert.Equal(data, Encoding.ASCII.GetString(id.Data.Span));
                }
                break;
            case AuthenticationPayload auth:
                Assert.Equal(Number(node["Authentication Method"]), (int)auth.Method);
                Ikev2CaptureTests.AssertHex(node["Authentication Data"], auth.Data.Span);
                break;
            case SecurityAssociationPayload sa:
                Ikev2CaptureTests.CheckSecurityAssociation(sa, node);
                break;
            case TrafficSelectorPayload ts:
                Assert.Equal(Int(node["Number of Traffic Selectors"]), ts.Selectors.Count);
                var selectorNodes = node.All("Traffic Selector").ToList();
                Assert.Equal(selectorNodes.Count, ts.Selectors.Count);
                for (int i = 0; i < selectorNodes.Count; i++)
                {
                    var sn = selectorNodes[i];
                    var selector = ts.Selectors[i];
                    Assert.Equal(Number(sn["Traffic Selector Type"]), (int)selector.Type);
                    Assert.Equal(sn["Protocol ID"] == "Unused" ? 0 : Number(sn["Protocol ID"]), selector.IpProtocol);
                    Assert.Equal(Int(sn["Selector Length"]), selector.Type == TrafficSelectorType.Ipv4AddressRange ? 16 : 40);
                    Assert.Equal(Int(sn["Start Port"]), selector.StartPort);
                    Assert.Equal(Int(sn["End Port"]), selector.EndPort);
                    Assert.Equal(sn["Starting Addr"], selector.StartAddress.ToString());
                    Assert.Equal(sn["Ending Addr"], selector.EndAddress.ToString());
                }
                break;
            case NotifyPayload notify:
                Ikev2CaptureTests.CheckNotify(notify, node);
                break;
            case DeletePayload delete:
                Assert.Equal(Number(node["Protocol ID"]), (int)delete.ProtocolId);
                Assert.Equal(Int(node["SPI Size"]), delete.SpiSize);
                Assert.Equal(Int(node["Number of SPIs"]), delete.Spis.Count);
                break;
            case KeyExchangePayload ke:
                Assert.Equal(Number(node["DH Group #"]), ke.Group);
                Ikev2CaptureTests.AssertHex(node["Key Exchange Data"], ke.Data.Span);
                break;
            case NoncePayload nonce:
                Ikev2CaptureTests.AssertHex(node["Nonce DATA"], nonce.Data.Span);
                break;
            case CertificatePayload cert:
                Assert.Equal(Number(node["Certificate Encoding"]), (int)cert.Encoding);
                Assert.Equal(0x30, cert.Data.Span[0]); // a DER SEQUENCE
                break;
            case CertificateRequestPayload req:
                Assert.Equal(Number(node["Certificate Type"]), (int)req.Encoding);
                Ikev2CaptureTests.AssertHex(node["Certificate Authority Data"], req.CertificationAuthority.Span);
                break;
            default:
                Assert.Fail($"no check written for an inner {payload.PayloadType} payload");
                break;
        }
    }

    private static int Number(string value) => int.Parse(NumberInParentheses().Matches(value)[^1].Groups[1].Value, CultureInfo.InvariantCulture);

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\((\d+)\)")]
    private static partial Regex NumberInParentheses();
}
