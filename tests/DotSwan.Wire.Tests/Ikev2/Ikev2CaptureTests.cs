using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using DotSwan.Wire.Ikev2;
using DotSwan.TestSupport.Captures;

namespace DotSwan.Wire.Tests.Ikev2;

/// <summary>
/// Every IKE datagram of the strongSwan lab captures is decoded by both layers and checked field by field
/// against tshark's verbose decode of the same frame, then re-encoded byte for byte.
/// </summary>
public sealed partial class Ikev2CaptureTests
{
    public static TheoryData<string> Captures => new() { "psk", "cert", "natt", "rekey", "rekey-collision" };

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_message_matches_tshark_and_re_encodes_exactly(string capture)
    {
        var frames = TsharkDecode.ReadFrames(PcapFile.PathOf(capture + ".decode.txt"));
        var datagrams = PcapFile.ReadUdp(PcapFile.PathOf(capture + ".pcap")).Where(d => d.IsIke).ToList();
        Assert.NotEmpty(datagrams);
        Assert.Equal(frames.Values.Count(f => TsharkDecode.Isakmp(f) is not null), datagrams.Count);
        int payloadsChecked = 0;
        var view = new Ikev2MessageView();
        var strictView = new Ikev2MessageView(new Ikev2DecodeOptions { Strict = true });
        foreach (var datagram in datagrams)
        {
            var bytes = datagram.IkeMessage.ToArray();
            var tshark = TsharkDecode.Isakmp(frames[datagram.Frame]);
            Assert.NotNull(tshark);
            Assert.True(Ikev2MessageCodec.TryDecode(bytes, out var message, out var error), $"frame {datagram.Frame}: {error}");
            Assert.True(view.TryParse(bytes, out error), $"frame {datagram.Frame}: {error}");
            Assert.True(strictView.TryParse(bytes, out error), $"frame {datagram.Frame} (strict): {error}");

            CheckHeader(message!.Header, tshark);
            Assert.Equal(message.Header, view.Header);
            var nodes = tshark.All("Payload").ToList();
            Assert.Equal(nodes.Count, message.Payloads.Count);
            Assert.Equal(nodes.Count, view.Count);
            for (int i = 0; i < nodes.Count; i++)
            {
                CheckPayload(message.Payloads[i], view.Payloads[i], nodes[i], bytes, view, i);
                payloadsChecked++;
            }
            Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(Ikev2MessageCodec.Encode(message)));
        }
        Assert.True(payloadsChecked >= datagrams.Count);
    }

    private static void CheckHeader(Ikev2Header header, TsharkNode node)
    {
        Assert.Equal(Convert.ToUInt64(node["Initiator SPI"], 16), header.InitiatorSpi);
        Assert.Equal(Convert.ToUInt64(node["Responder SPI"], 16), header.ResponderSpi);
        Assert.Equal(Number(node["Next payload"]), (int)header.NextPayload);
        Assert.Equal($"{header.MajorVersion}.{header.MinorVersion}", node["Version"]);
        Assert.Equal(Number(node["Exchange type"]), (int)header.ExchangeType);
        Assert.Equal(Convert.ToInt32(node["Flags"].Split(' ')[0], 16), (int)header.Flags);
        Assert.Equal(Convert.ToUInt32(node["Message ID"], 16), header.MessageId);
        Assert.Equal(uint.Parse(node["Length"], CultureInfo.InvariantCulture), header.Length);
    }

    private static void CheckPayload(Ikev2Payload payload, Ikev2PayloadSlot slot, TsharkNode node, byte[] bytes, Ikev2MessageView view, int index)
    {
        Assert.Equal(Number(node.Value), (int)payload.PayloadType);
        Assert.Equal(payload.PayloadType, slot.Type);
        bool critical = node.Children.Single(c => c.Label.EndsWith("Critical Bit", StringComparison.Ordinal)).Label.StartsWith('1');
        Assert.Equal(critical, payload.Critical);
        Assert.Equal(critical, slot.Critical);
        Assert.Equal(Int(node["Payload length"]), slot.Length);
        Assert.Equal(Number(node["Next payload"]), (int)slot.NextPayload);
        var body = view.GetBody(bytes, index);

        switch (payload)
        {
            case SecurityAssociationPayload sa:
                CheckSecurityAssociation(sa, node);
                int viewProposals = 0;
                foreach (var proposal in view.GetProposals(bytes, index))
                {
                    Assert.Equal(sa.Proposals[viewProposals].Number, proposal.Number);
                    Assert.Equal(sa.Proposals[viewProposals].Transforms.Count, proposal.TransformCount);
                    viewProposals++;
                }
                Assert.Equal(sa.Proposals.Count, viewProposals);
                break;
            case KeyExchangePayload ke:
                Assert.Equal(Number(node["DH Group #"]), ke.Group);
                AssertHex(node["Key Exchange Data"], ke.Data.Span);
                Assert.Equal(ke.Group, view.GetKeyExchangeGroup(bytes, index));
                break;
            case NoncePayload nonce:
                AssertHex(node["Nonce DATA"], nonce.Data.Span);
                Assert.Equal(nonce.Data.ToArray(), body.ToArray());
                break;
            case NotifyPayload notify:
                CheckNotify(notify, node);
                var nv = view.GetNotify(bytes, index);
                Assert.Equal(notify.NotifyType, nv.NotifyType);
                Assert.Equal(notify.Data.ToArray(), nv.Data.ToArray());
                break;
            case CertificateRequestPayload req:
                Assert.Equal(Number(node["Certificate Type"]), (int)req.Encoding);
                AssertHex(node["Certificate Authority Data"], req.CertificationAuthority.Span);
                break;
            case VendorIdPayload vid:
                AssertHex(node["Vendor ID"], vid.Data.Span);
                break;
            case EncryptedPayload sk:
                Assert.Equal(Number(node["Next payload"]), (int)sk.FirstInnerPayload);
                Assert.Equal(Int(node["Payload length"]) - 4, sk.Body.Length);
                Assert.StartsWith(node["Initialization Vector"], Convert.ToHexStringLower(sk.Body.Span), StringComparison.Ordinal);
                break;
            case EncryptedFragmentPayload skf:
                Assert.Equal(Number(node["Next payload"]), (int)skf.FirstInnerPayload);
                Assert.Equal(Int(node["Fragment Number"]), skf.FragmentNumber);
                Assert.Equal(Int(node["Total Fragments"]), skf.TotalFragments);
                Assert.Equal(Int(node["Payload length"]) - 8, skf.Body.Length);
                Assert.Equal(BinaryPrimitives.ReadUInt16BigEndian(body), skf.FragmentNumber);
                break;
            default:
                Assert.Fail($"the captures hold no {payload.PayloadType} payload outside SK; add a check when they do");
                break;
        }
    }

    internal static void CheckNotify(NotifyPayload notify, TsharkNode node)
    {
        Assert.Equal(Number(node["Protocol ID"]), (int)notify.ProtocolId);
        Assert.Equal(Int(node["SPI Size"]), notify.Spi.Length);
        if (notify.Spi.Length > 0) { Assert.Equal(node["SPI"], Convert.ToHexStringLower(notify.Spi.Span)); }
        Assert.Equal(Number(node["Notify Message Type"]), (int)notify.NotifyType);
        Assert.EndsWith(" - " + node["Notify Message Type"].Split(' ')[0], node.Value, StringComparison.Ordinal);
        AssertHex(node["Notification DATA"], notify.Data.Span);
    }

    internal static void CheckSecurityAssociation(SecurityAssociationPayload sa, TsharkNode node)
    {
        var proposalNodes = node.All("Payload").ToList();
        Assert.Equal(proposalNodes.Count, sa.Proposals.Count);
        for (int p = 0; p < proposalNodes.Count; p++)
        {
            var pn = proposalNodes[p];
            var proposal = sa.Proposals[p];
            Assert.Equal(2, Number(pn.Value));
            Assert.Equal(Int(pn["Proposal number"]), proposal.Number);
            Assert.Equal(Number(pn["Protocol ID"]), (int)proposal.ProtocolId);
            Assert.Equal(Int(pn["SPI Size"]), proposal.Spi.Length);
            if (proposal.Spi.Length > 0) { Assert.Equal(pn["SPI"], Convert.ToHexStringLower(proposal.Spi.Span)); }
            Assert.Equal(Int(pn["Proposal transforms"]), proposal.Transforms.Count);
            var transformNodes = pn.All("Payload").ToList();
            Assert.Equal(transformNodes.Count, proposal.Transforms.Count);
            for (int t = 0; t < transformNodes.Count; t++)
            {
                var tn = transformNodes[t];
                var transform = proposal.Transforms[t];
                Assert.Equal(Number(tn["Transform Type"]), (int)transform.Type);
                Assert.Equal(Number(tn.Children.Single(c => c.Label.StartsWith("Transform ID", StringComparison.Ordinal)).Value), transform.Id);
                var attributeNodes = tn.Children.Where(c => c.Label.StartsWith("Transform Attribute", StringComparison.Ordinal)).ToList();
                Assert.Equal(attributeNodes.Count, transform.Attributes.Count);
                for (int a = 0; a < attributeNodes.Count; a++)
                {
                    var an = attributeNodes[a];
                    var attribute = transform.Attributes[a];
                    Assert.Equal(Number(an["Type"]), (int)attribute.Type);
                    Assert.Equal(an["Value"], attribute.IsTypeValue ? attribute.Value.ToString("x4", CultureInfo.InvariantCulture) : Convert.ToHexStringLower(attribute.Data.Span));
                    if (attribute.Type == TransformAttributeType.KeyLength)
                    {
                        Assert.Equal(Int(an["Key Length"]), transform.KeyLength);
                    }
                }
            }
        }
    }

    /// <summary>tshark shows long byte fields cut after 36 bytes with an ellipsis: compare what it shows.</summary>
    internal static void AssertHex(string shown, ReadOnlySpan<byte> actual)
    {
        if (shown.EndsWith('…'))
        {
            Assert.StartsWith(shown[..^1], Convert.ToHexStringLower(actual), StringComparison.Ordinal);
            Assert.True(actual.Length > (shown.Length - 1) / 2);
        }
        else
        {
            Assert.Equal(TsharkDecode.Hex(shown), actual.ToArray());
        }
    }

    /// <summary>The number in the last "(N)" of a tshark value, so names never need hard-coding.</summary>
    private static int Number(string value)
    {
        var matches = NumberInParentheses().Matches(value);
        Assert.NotEmpty(matches);
        return int.Parse(matches[^1].Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\((\d+)\)")]
    private static partial Regex NumberInParentheses();
}
